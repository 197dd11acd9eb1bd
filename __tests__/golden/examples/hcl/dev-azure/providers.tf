# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "azurerm" {
  subscription_id = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"

  features {
  }
}
