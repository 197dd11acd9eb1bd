# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "azurerm_application_security_group" "asg_st_db" {
  location            = "germanywestcentral"
  name                = "st-prod-st-db"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_application_security_group" "asg_st_edge" {
  location            = "germanywestcentral"
  name                = "st-prod-st-edge"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_application_security_group" "asg_st_lb" {
  location            = "germanywestcentral"
  name                = "st-prod-st-lb"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

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

resource "azurerm_application_security_group" "asg_st_storage" {
  location            = "germanywestcentral"
  name                = "st-prod-st-storage"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_network_security_group" "nsg_st_db" {
  location            = "germanywestcentral"
  name                = "st-prod-st-db"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_network_security_group" "nsg_st_edge" {
  location            = "germanywestcentral"
  name                = "st-prod-st-edge"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_network_security_group" "nsg_st_lb" {
  location            = "germanywestcentral"
  name                = "st-prod-st-lb"
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

resource "azurerm_network_security_group" "nsg_st_storage" {
  location            = "germanywestcentral"
  name                = "st-prod-st-storage"
  resource_group_name = "rg-st-firewall-prod"
  tags = {
    catalog      = "securetransport"
    environment  = "prod"
    "managed-by" = "firewall-catalog"
    owner        = "platform-security"
  }
}

resource "azurerm_network_security_rule" "st_db_default_in_deny_all" {
  access                      = "Deny"
  description                 = "Catalog default: deny ingress that no rule matches (overrides AllowVnetInBound and AllowAzureLoadBalancerInBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Inbound"
  name                        = "default-in-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_db.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_db_default_out_deny_all" {
  access                      = "Deny"
  description                 = "Catalog egress default: deny (overrides AllowVnetOutBound and AllowInternetOutBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Outbound"
  name                        = "default-out-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_db.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_db_in_allow_st_db_access_in" {
  access                                = "Allow"
  description                           = "Servers to the external database"
  destination_address_prefix            = "*"
  destination_port_ranges               = ["1521", "2484"]
  direction                             = "Inbound"
  name                                  = "in-allow-st-db-access-in"
  network_security_group_name           = azurerm_network_security_group.nsg_st_db.name
  priority                              = 1100
  protocol                              = "Tcp"
  resource_group_name                   = "rg-st-firewall-prod"
  source_application_security_group_ids = [azurerm_application_security_group.asg_st_server.id]
  source_port_range                     = "*"
}

resource "azurerm_network_security_rule" "st_db_in_allow_st_db_admin" {
  access                      = "Allow"
  description                 = "Catalog securetransport rules st-db-admin, st-db-admin-rdp"
  destination_address_prefix  = "*"
  destination_port_ranges     = ["1521", "2484", "3389"]
  direction                   = "Inbound"
  name                        = "in-allow-st-db-admin"
  network_security_group_name = azurerm_network_security_group.nsg_st_db.name
  priority                    = 1200
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefixes     = ["10.30.0.10/32", "10.30.0.11/32"]
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_edge_default_in_deny_all" {
  access                      = "Deny"
  description                 = "Catalog default: deny ingress that no rule matches (overrides AllowVnetInBound and AllowAzureLoadBalancerInBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Inbound"
  name                        = "default-in-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_edge.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_edge_default_out_deny_all" {
  access                      = "Deny"
  description                 = "Catalog egress default: deny (overrides AllowVnetOutBound and AllowInternetOutBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Outbound"
  name                        = "default-out-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_edge.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_edge_in_allow_st_edge_admin_tool" {
  access                      = "Allow"
  description                 = "Catalog securetransport rules st-edge-admin-tool, st-edge-admin-ssh, st-edge-admin-db"
  destination_address_prefix  = "*"
  destination_port_ranges     = ["22", "444", "33060"]
  direction                   = "Inbound"
  name                        = "in-allow-st-edge-admin-tool"
  network_security_group_name = azurerm_network_security_group.nsg_st_edge.name
  priority                    = 1200
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefixes     = ["10.30.0.10/32", "10.30.0.11/32"]
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_edge_in_allow_st_edge_cluster_in" {
  access                                = "Allow"
  description                           = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  destination_address_prefix            = "*"
  destination_port_ranges               = ["444", "7800-7802", "8005-8006", "33060"]
  direction                             = "Inbound"
  name                                  = "in-allow-st-edge-cluster-in"
  network_security_group_name           = azurerm_network_security_group.nsg_st_edge.name
  priority                              = 1300
  protocol                              = "Tcp"
  resource_group_name                   = "rg-st-firewall-prod"
  source_application_security_group_ids = [azurerm_application_security_group.asg_st_edge.id]
  source_port_range                     = "*"
}

resource "azurerm_network_security_rule" "st_edge_in_allow_st_edge_ftp" {
  access                      = "Allow"
  description                 = "Catalog securetransport rules st-edge-ftp, st-edge-http, st-edge-sftp, st-edge-as2, st-edge-pesit"
  destination_address_prefix  = "*"
  destination_port_ranges     = ["20-21", "80", "443", "10022", "10080", "10443", "17617", "17627", "17637", "19617", "19627", "30000-30099"]
  direction                   = "Inbound"
  name                        = "in-allow-st-edge-ftp"
  network_security_group_name = azurerm_network_security_group.nsg_st_edge.name
  priority                    = 1400
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "AzureLoadBalancer"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_edge_in_allow_st_edge_ftp_active_in" {
  access                      = "Allow"
  description                 = "Server-initiated FTP(S) data in active mode, from partners"
  destination_address_prefix  = "*"
  destination_port_range      = "31000-31049"
  direction                   = "Inbound"
  name                        = "in-allow-st-edge-ftp-active-in"
  network_security_group_name = azurerm_network_security_group.nsg_st_edge.name
  priority                    = 1500
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_edge_in_allow_st_streaming_in" {
  access                                = "Allow"
  description                           = "Catalog securetransport rules st-streaming-in, st-socks-in"
  destination_address_prefix            = "*"
  destination_port_ranges               = ["1080", "20021-20022", "20080", "20444", "21080", "27617"]
  direction                             = "Inbound"
  name                                  = "in-allow-st-streaming-in"
  network_security_group_name           = azurerm_network_security_group.nsg_st_edge.name
  priority                              = 1100
  protocol                              = "Tcp"
  resource_group_name                   = "rg-st-firewall-prod"
  source_application_security_group_ids = [azurerm_application_security_group.asg_st_server.id]
  source_port_range                     = "*"
}

resource "azurerm_network_security_rule" "st_edge_out_allow_st_edge_cluster_out" {
  access                                     = "Allow"
  description                                = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  destination_application_security_group_ids = [azurerm_application_security_group.asg_st_edge.id]
  destination_port_ranges                    = ["444", "7800-7802", "8005-8006", "33060"]
  direction                                  = "Outbound"
  name                                       = "out-allow-st-edge-cluster-out"
  network_security_group_name                = azurerm_network_security_group.nsg_st_edge.name
  priority                                   = 1100
  protocol                                   = "Tcp"
  resource_group_name                        = "rg-st-firewall-prod"
  source_address_prefix                      = "*"
  source_port_range                          = "*"
}

resource "azurerm_network_security_rule" "st_edge_out_allow_st_edge_out_http" {
  access                      = "Allow"
  description                 = "Catalog securetransport rules st-edge-out-http, st-edge-out-as2, st-edge-out-pesit, st-edge-out-ftp-sftp"
  destination_address_prefix  = "*"
  destination_port_ranges     = ["21-22", "80", "443", "10080", "10443", "17617", "40000-40999"]
  direction                   = "Outbound"
  name                        = "out-allow-st-edge-out-http"
  network_security_group_name = azurerm_network_security_group.nsg_st_edge.name
  priority                    = 1200
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_lb_default_in_deny_all" {
  access                      = "Deny"
  description                 = "Catalog default: deny ingress that no rule matches (overrides AllowVnetInBound and AllowAzureLoadBalancerInBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Inbound"
  name                        = "default-in-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_lb.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_lb_default_out_deny_all" {
  access                      = "Deny"
  description                 = "Catalog egress default: deny (overrides AllowVnetOutBound and AllowInternetOutBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Outbound"
  name                        = "default-out-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_lb.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_lb_in_allow_st_lb_ftp" {
  access                      = "Allow"
  description                 = "Catalog securetransport rules st-lb-ftp, st-lb-http, st-lb-sftp, st-lb-as2, st-lb-pesit"
  destination_address_prefix  = "*"
  destination_port_ranges     = ["20-21", "80", "443", "10022", "10080", "10443", "17617", "17627", "17637", "19617", "19627", "30000-30099"]
  direction                   = "Inbound"
  name                        = "in-allow-st-lb-ftp"
  network_security_group_name = azurerm_network_security_group.nsg_st_lb.name
  priority                    = 1100
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_lb_out_allow_st_lb_forward" {
  access                                     = "Allow"
  description                                = "The load balancer forwards client connections to the Edges"
  destination_application_security_group_ids = [azurerm_application_security_group.asg_st_edge.id]
  destination_port_ranges                    = ["20-21", "80", "443", "10022", "10080", "10443", "17617", "17627", "17637", "19617", "19627", "30000-30099"]
  direction                                  = "Outbound"
  name                                       = "out-allow-st-lb-forward"
  network_security_group_name                = azurerm_network_security_group.nsg_st_lb.name
  priority                                   = 1100
  protocol                                   = "Tcp"
  resource_group_name                        = "rg-st-firewall-prod"
  source_address_prefix                      = "*"
  source_port_range                          = "*"
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

resource "azurerm_network_security_rule" "st_server_out_allow_st_icap_out" {
  access                       = "Allow"
  description                  = "ICAP scanning of transfers (DLP, anti-virus)"
  destination_address_prefixes = ["10.30.1.134/32", "10.30.1.135/32"]
  destination_port_range       = "1344"
  direction                    = "Outbound"
  name                         = "out-allow-st-icap-out"
  network_security_group_name  = azurerm_network_security_group.nsg_st_server.name
  priority                     = 1500
  protocol                     = "Tcp"
  resource_group_name          = "rg-st-firewall-prod"
  source_address_prefix        = "*"
  source_port_range            = "*"
}

resource "azurerm_network_security_rule" "st_server_out_allow_st_ldap_out" {
  access                       = "Allow"
  description                  = "LDAP user lookup and authentication"
  destination_address_prefixes = ["10.30.1.10/32", "10.30.1.11/32"]
  destination_port_ranges      = ["389", "3268"]
  direction                    = "Outbound"
  name                         = "out-allow-st-ldap-out"
  network_security_group_name  = azurerm_network_security_group.nsg_st_server.name
  priority                     = 1400
  protocol                     = "Tcp"
  resource_group_name          = "rg-st-firewall-prod"
  source_address_prefix        = "*"
  source_port_range            = "*"
}

resource "azurerm_network_security_rule" "st_server_out_allow_st_sentinel_out" {
  access                      = "Allow"
  description                 = "Transfer events to Sentinel or Decision Insight"
  destination_address_prefix  = "10.30.1.130/32"
  destination_port_range      = "1305"
  direction                   = "Outbound"
  name                        = "out-allow-st-sentinel-out"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 1600
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_server_out_allow_st_siteminder_out" {
  access                      = "Allow"
  description                 = "SiteMinder accounting, authentication and authorization"
  destination_address_prefix  = "10.30.1.44/32"
  destination_port_range      = "44441-44443"
  direction                   = "Outbound"
  name                        = "out-allow-st-siteminder-out"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 1300
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_server_out_allow_st_smtp_out" {
  access                      = "Allow"
  description                 = "Ad hoc e-mail notifications"
  destination_address_prefix  = "10.30.1.25/32"
  destination_port_range      = "25"
  direction                   = "Outbound"
  name                        = "out-allow-st-smtp-out"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 1100
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_server_out_allow_st_snmp_traps_out" {
  access                      = "Allow"
  description                 = "SNMP traps to the SNMP managers"
  destination_address_prefix  = "10.30.1.162/32"
  destination_port_range      = "162"
  direction                   = "Outbound"
  name                        = "out-allow-st-snmp-traps-out"
  network_security_group_name = azurerm_network_security_group.nsg_st_server.name
  priority                    = 1200
  protocol                    = "Udp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_storage_default_in_deny_all" {
  access                      = "Deny"
  description                 = "Catalog default: deny ingress that no rule matches (overrides AllowVnetInBound and AllowAzureLoadBalancerInBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Inbound"
  name                        = "default-in-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_storage.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_storage_default_out_deny_all" {
  access                      = "Deny"
  description                 = "Catalog egress default: deny (overrides AllowVnetOutBound and AllowInternetOutBound)"
  destination_address_prefix  = "*"
  destination_port_range      = "*"
  direction                   = "Outbound"
  name                        = "default-out-deny-all"
  network_security_group_name = azurerm_network_security_group.nsg_st_storage.name
  priority                    = 4096
  protocol                    = "*"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefix       = "*"
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_storage_in_allow_st_storage_access_in" {
  access                                = "Allow"
  description                           = "Servers to GlusterFS (portmapper, NFS, glusterd, bricks)"
  destination_address_prefix            = "*"
  destination_port_ranges               = ["111", "2049", "24007", "49152-49251"]
  direction                             = "Inbound"
  name                                  = "in-allow-st-storage-access-in"
  network_security_group_name           = azurerm_network_security_group.nsg_st_storage.name
  priority                              = 1100
  protocol                              = "Tcp"
  resource_group_name                   = "rg-st-firewall-prod"
  source_application_security_group_ids = [azurerm_application_security_group.asg_st_server.id]
  source_port_range                     = "*"
}

resource "azurerm_network_security_rule" "st_storage_in_allow_st_storage_admin_ssh" {
  access                      = "Allow"
  description                 = "SSH administration of the storage nodes"
  destination_address_prefix  = "*"
  destination_port_range      = "22"
  direction                   = "Inbound"
  name                        = "in-allow-st-storage-admin-ssh"
  network_security_group_name = azurerm_network_security_group.nsg_st_storage.name
  priority                    = 1300
  protocol                    = "Tcp"
  resource_group_name         = "rg-st-firewall-prod"
  source_address_prefixes     = ["10.30.0.10/32", "10.30.0.11/32"]
  source_port_range           = "*"
}

resource "azurerm_network_security_rule" "st_storage_in_allow_st_storage_peers_in" {
  access                                = "Allow"
  description                           = "GlusterFS nodes to each other (replication)"
  destination_address_prefix            = "*"
  destination_port_ranges               = ["111", "2049", "24007", "49152-49251"]
  direction                             = "Inbound"
  name                                  = "in-allow-st-storage-peers-in"
  network_security_group_name           = azurerm_network_security_group.nsg_st_storage.name
  priority                              = 1200
  protocol                              = "Tcp"
  resource_group_name                   = "rg-st-firewall-prod"
  source_application_security_group_ids = [azurerm_application_security_group.asg_st_storage.id]
  source_port_range                     = "*"
}

resource "azurerm_network_security_rule" "st_storage_out_allow_st_storage_peers_out" {
  access                                     = "Allow"
  description                                = "GlusterFS nodes to each other (replication)"
  destination_application_security_group_ids = [azurerm_application_security_group.asg_st_storage.id]
  destination_port_ranges                    = ["111", "2049", "24007", "49152-49251"]
  direction                                  = "Outbound"
  name                                       = "out-allow-st-storage-peers-out"
  network_security_group_name                = azurerm_network_security_group.nsg_st_storage.name
  priority                                   = 1100
  protocol                                   = "Tcp"
  resource_group_name                        = "rg-st-firewall-prod"
  source_address_prefix                      = "*"
  source_port_range                          = "*"
}
