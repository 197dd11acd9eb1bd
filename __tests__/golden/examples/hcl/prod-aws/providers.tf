# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "aws" {
  region = "eu-central-1"

  default_tags {
    tags = {
      environment  = "prod"
      "managed-by" = "firewall-catalog"
      owner        = "platform-security"
    }
  }
}
