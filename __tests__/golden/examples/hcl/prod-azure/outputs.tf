# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "application_security_group_ids" {
  description = "Application security group id per catalog role: add the network interfaces of the role's machines to it."
  value = {
    "st-db"      = azurerm_application_security_group.asg_st_db.id
    "st-edge"    = azurerm_application_security_group.asg_st_edge.id
    "st-lb"      = azurerm_application_security_group.asg_st_lb.id
    "st-server"  = azurerm_application_security_group.asg_st_server.id
    "st-storage" = azurerm_application_security_group.asg_st_storage.id
  }
}

output "network_security_group_ids" {
  description = "Network security group id per catalog role: associate it with the network interfaces of the role's machines."
  value = {
    "st-db"      = azurerm_network_security_group.nsg_st_db.id
    "st-edge"    = azurerm_network_security_group.nsg_st_edge.id
    "st-lb"      = azurerm_network_security_group.nsg_st_lb.id
    "st-server"  = azurerm_network_security_group.nsg_st_server.id
    "st-storage" = azurerm_network_security_group.nsg_st_storage.id
  }
}
