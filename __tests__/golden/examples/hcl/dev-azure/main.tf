# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "azurerm_application_security_group" "asg_st_server" {
  location            = "westeurope"
  name                = "st-dev-st-server"
  resource_group_name = "rg-st-firewall-dev"
  tags = {
    catalog      = "securetransport"
    environment  = "dev"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_network_security_group" "nsg_st_server" {
  location            = "westeurope"
  name                = "st-dev-st-server"
  resource_group_name = "rg-st-firewall-dev"
  tags = {
    catalog      = "securetransport"
    environment  = "dev"
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
  resource_group_name         = "rg-st-firewall-dev"
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
  resource_group_name         = "rg-st-firewall-dev"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_server_default_out_deny_ipv6" {
  access                      = "Deny"
  description                 = "Catalog: IPv6 is off in this environment; deny IPv6 outbound before the egress default allow"
  destination_address_prefix  = "::/0"
  destination_port_range      = "*"
  direction                   = "Outbound"
  name                        = "default-out-deny-ipv6"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 4095
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-dev"
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
  priority                    = 400
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-dev"
  source_address_prefix       = "10.10.0.10/32"
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
  priority                              = 200
  protocol                              = "Tcp"
  resource_group_name                   = "rg-st-firewall-dev"
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
  priority                              = 300
  protocol                              = "Udp"
  resource_group_name                   = "rg-st-firewall-dev"
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
  priority                              = 700
  protocol                              = "Icmp"
  resource_group_name                   = "rg-st-firewall-dev"
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
  priority                    = 500
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-dev"
  source_address_prefix       = "0.0.0.0/0"
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
  priority                    = 600
  protocol                    = "Udp"
  resource_group_name         = "rg-st-firewall-dev"
  source_address_prefix       = "0.0.0.0/0"
  source_port_range           = "*"
}
