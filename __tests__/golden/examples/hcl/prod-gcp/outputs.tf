# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "network_tags" {
  description = "Network tag per catalog role: add it to the role's instances."
  value = {
    "st-db"      = "st-prod-st-db"
    "st-edge"    = "st-prod-st-edge"
    "st-lb"      = "st-prod-st-lb"
    "st-server"  = "st-prod-st-server"
    "st-storage" = "st-prod-st-storage"
  }
}

output "networks" {
  description = "VPC network per catalog role, as gcp.placement places it: create the role's instances there."
  value = {
    "st-db"      = "st-prod-vpc"
    "st-edge"    = "st-prod-dmz"
    "st-lb"      = "st-prod-dmz"
    "st-server"  = "st-prod-vpc"
    "st-storage" = "st-prod-vpc"
  }
}
