# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "google" {
  default_labels = {
    environment = "golden"
  }
  project = "golden-project"
  region  = "europe-west1"
}
