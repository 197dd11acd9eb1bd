# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "google" {
  default_labels = {
    environment  = "staging"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
  project = "st-firewall-staging"
  region  = "europe-west1"
}
