# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "google" {
  default_labels = {
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
  project = "st-firewall-prod"
  region  = "europe-west3"
}
