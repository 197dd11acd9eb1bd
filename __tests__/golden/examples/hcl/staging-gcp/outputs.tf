# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "network_tags" {
  description = "Network tag per catalog role: add it to the role's instances."
  value = {
    "st-db"      = "st-staging-st-db"
    "st-edge"    = "st-staging-st-edge"
    "st-lb"      = "st-staging-st-lb"
    "st-server"  = "st-staging-st-server"
    "st-storage" = "st-staging-st-storage"
  }
}

output "networks" {
  description = "VPC network per catalog role, as gcp.placement places it: create the role's instances there."
  value = {
    "st-db"      = "st-staging-vpc"
    "st-edge"    = "st-staging-vpc"
    "st-lb"      = "st-staging-vpc"
    "st-server"  = "st-staging-vpc"
    "st-storage" = "st-staging-vpc"
  }
}
