# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

provider "azurerm" {
  subscription_id = "2d3e4f50-6172-4839-a4b5-c6d7e8f90a1b"

  features {
  }
}
