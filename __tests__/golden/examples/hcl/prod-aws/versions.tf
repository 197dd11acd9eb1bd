# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

terraform {
  required_version = ">= 1.10.0"

  backend "s3" {
    bucket       = "st-terraform-state-prod"
    encrypt      = true
    key          = "firewall/prod-aws.tfstate"
    region       = "eu-central-1"
    use_lockfile = true
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 7.0.0"
    }
  }
}
