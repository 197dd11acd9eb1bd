# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "google" {
  project = "golden-accounts"
  region  = "europe-west4"
}
