# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "azurerm" {
  subscription_id = "1c2d3e4f-5061-4728-93a4-b5c6d7e8f90a"

  features {
  }
}
