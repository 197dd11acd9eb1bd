# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      environment  = "staging"
      "managed-by" = "firewall-catalog"
      owner        = "platform-security"
    }
  }
}
