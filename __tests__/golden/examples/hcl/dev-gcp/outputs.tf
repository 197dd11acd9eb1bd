# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "network_tags" {
  description = "Network tag per catalog role: add it to the role's instances."
  value = {
    "st-db"      = "st-dev-st-db"
    "st-edge"    = "st-dev-st-edge"
    "st-lb"      = "st-dev-st-lb"
    "st-server"  = "st-dev-st-server"
    "st-storage" = "st-dev-st-storage"
  }
}

output "networks" {
  description = "VPC network per catalog role, as gcp.placement places it: create the role's instances there."
  value = {
    "st-db"      = "st-dev-vpc"
    "st-edge"    = "st-dev-vpc"
    "st-lb"      = "st-dev-vpc"
    "st-server"  = "st-dev-vpc"
    "st-storage" = "st-dev-vpc"
  }
}
