# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

terraform {
  required_version = ">= 1.5.0"

  backend "azurerm" {
    container_name       = "tfstate"
    key                  = "firewall/staging-azure.tfstate"
    resource_group_name  = "rg-st-terraform-state"
    storage_account_name = "stfwstatestaging"
    use_azuread_auth     = true
  }

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.0.0, < 5.0.0"
    }
  }
}
