# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "azurerm_application_security_group" "asg_st_server" {
  location            = "germanywestcentral"
  name                = "st-prod-st-server"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_network_security_group" "nsg_st_server" {
  location            = "germanywestcentral"
  name                = "st-prod-st-server"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_network_security_rule" "st_server_default_in_deny_all" {
  access                      = "Deny"
  description                 = "Catalog default: deny ingress that no rule matches (overrides AllowVnetInBound and AllowAzureLoadBalancerInBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Inbound"
  name                        = "default-in-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_server_default_out_allow_all" {
  access                      = "Allow"
  description                 = "Catalog egress default: allow (overrides AllowVnetOutBound and AllowInternetOutBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Outbound"
  name                        = "default-out-allow-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_server_in_allow_st_admin_tool_https" {
  access                      = "Allow"
  description                 = "Administration Tool (HTTPS)"
  destination_address_prefix  = "*"
  destination_port_range      = "444"
  direction                   = "Inbound"
  name                        = "in-allow-st-admin-tool-https"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 1300
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefixes     = ["10.30.0.10/32", "10.30.0.11/32"]
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_server_in_allow_st_cluster_cache_tcp" {
  access                                = "Allow"
  description                           = "Catalog securetransport rules st-cluster-cache-tcp, st-snmp, st-cluster-cache-mgmt-tcp, st-cluster-listener, st-tm-jmx, and 6 more"
  destination_address_prefix            = "*"
  destination_port_ranges               = ["7", "22", "80", "443", "7800-7802", "8005", "8009", "8088-8093", "9999", "20444", "44431"]
  direction                             = "Inbound"
  name                                  = "in-allow-st-cluster-cache-tcp"
  network_security_group_name           = azurerm_network_security_group.nsg_st_server.name
  priority                              = 1100
  protocol                              = "Tcp"
  resource_group_name                   = "rg-st-firewall-prod"
  source_application_security_group_ids = [azurerm_application_security_group.asg_st_server.id]
  source_port_range                     = "*"
}

resource "azurerm_network_security_rule" "st_server_in_allow_st_cluster_cache_udp" {
  access                                = "Allow"
  description                           = "Catalog securetransport rules st-cluster-cache-udp, st-cluster-cache-mgmt-udp"
  destination_address_prefix            = "*"
  destination_port_ranges               = ["8088-8093", "10022"]
  direction                             = "Inbound"
  name                                  = "in-allow-st-cluster-cache-udp"
  network_security_group_name           = azurerm_network_security_group.nsg_st_server.name
  priority                              = 1200
  protocol                              = "Udp"
  resource_group_name                   = "rg-st-firewall-prod"
  source_application_security_group_ids = [azurerm_application_security_group.asg_st_server.id]
  source_port_range                     = "*"
}

resource "azurerm_network_security_rule" "st_server_in_allow_st_icmp_cluster" {
  access                                = "Allow"
  description                           = "Allow all ICMP traffic for Cluster communication"
  destination_address_prefix            = "0.0.0.0/0"
  destination_port_range                = "*"
  direction                             = "Inbound"
  name                                  = "in-allow-st-icmp-cluster"
  network_security_group_name           = azurerm_network_security_group.nsg_st_server.name
  priority                              = 1600
  protocol                              = "Icmp"
  resource_group_name                   = "rg-st-firewall-prod"
  source_application_security_group_ids = [azurerm_application_security_group.asg_st_server.id]
  source_port_range                     = "*"
}

resource "azurerm_network_security_rule" "st_server_in_deny_st_deny_all_tcp" {
  access                      = "Deny"
  description                 = "Deny all TCP Traffic"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Inbound"
  name                        = "in-deny-st-deny-all-tcp"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 1400
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_server_in_deny_st_deny_all_udp" {
  access                      = "Deny"
  description                 = "Deny all UDP traffic"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Inbound"
  name                        = "in-deny-st-deny-all-udp"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 1500
  protocol                    = "Udp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}
