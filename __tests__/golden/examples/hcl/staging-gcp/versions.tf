# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

terraform {
  required_version = ">= 1.5.0"

  backend "gcs" {
    bucket = "st-terraform-state-staging"
    prefix = "firewall/staging-gcp"
  }

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.0.0, < 8.0.0"
    }
  }
}
