# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "aws_security_group" "st_server" {
  description = "SecureTransport Server nodes of one cluster"
  name        = "st-staging-st-server"
  tags = {
    Name           = "st-staging-st-server"
    catalog        = "securetransport"
    "catalog-role" = "st-server"
  }
  vpc_id = "vpc-0b2c3d4e5f6071829"
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_default_all_ipv4" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Egress default of role st-server: allow"
  ip_protocol       = "-1"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog                  = "securetransport"
    "catalog-egress-default" = "allow"
    "catalog-role"           = "st-server"
  }
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_admin_tool_https_tcp_444_10_20_0_10_32" {
  cidr_ipv4         = "10.20.0.10/32"
  description       = "Administration Tool (HTTPS)"
  from_port         = 444
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-admin-tool-https"
  }
  to_port = 444
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_admin_tool_https_tcp_444_10_20_0_11_32" {
  cidr_ipv4         = "10.20.0.11/32"
  description       = "Administration Tool (HTTPS)"
  from_port         = 444
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-admin-tool-https"
  }
  to_port = 444
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_admin_tool_tcp_20444_self" {
  description                  = "Administration Tool"
  from_port                    = 20444
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-admin-tool"
  }
  to_port = 20444
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_cluster_cache_mgmt_tcp_tcp_443_self" {
  description                  = "Cluster cache management"
  from_port                    = 443
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-cluster-cache-mgmt-tcp"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_cluster_cache_mgmt_udp_udp_10022_self" {
  description                  = "Cluster cache management"
  from_port                    = 10022
  ip_protocol                  = "udp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-cluster-cache-mgmt-udp"
  }
  to_port = 10022
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_cluster_cache_tcp_tcp_8088_8093_self" {
  description                  = "Enterprise cluster cache (TCP) between servers"
  from_port                    = 8088
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-cluster-cache-tcp"
  }
  to_port = 8093
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_cluster_cache_udp_udp_8088_8093_self" {
  description                  = "Enterprise cluster cache (UDP) between servers"
  from_port                    = 8088
  ip_protocol                  = "udp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-cluster-cache-udp"
  }
  to_port = 8093
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_cluster_listener_tcp_44431_self" {
  description                  = "Cluster Listener"
  from_port                    = 44431
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-cluster-listener"
  }
  to_port = 44431
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_coherence_tcp_7_self" {
  description                  = "Coherence"
  from_port                    = 7
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-coherence"
  }
  to_port = 7
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_hibernate_cache_tcp_7800_7802_self" {
  description                  = "Hibernate second-level cache"
  from_port                    = 7800
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-hibernate-cache"
  }
  to_port = 7802
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_icmp_cluster_icmp_self" {
  description                  = "Allow all ICMP traffic for Cluster communication"
  from_port                    = -1
  ip_protocol                  = "icmp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-icmp-cluster"
  }
  to_port = -1
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_snmp_tcp_80_self" {
  description                  = "SNMP"
  from_port                    = 80
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-snmp"
  }
  to_port = 80
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_ssh_admin_tcp_22_self" {
  description                  = "SSH for Administration"
  from_port                    = 22
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-ssh-admin"
  }
  to_port = 22
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_tm_jmx_tcp_9999_self" {
  description                  = "TM JMX Port"
  from_port                    = 9999
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-tm-jmx"
  }
  to_port = 9999
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_tomcat_jk_tcp_8009_self" {
  description                  = "Tomcat JK connector"
  from_port                    = 8009
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-tomcat-jk"
  }
  to_port = 8009
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_tomcat_shutdown_tcp_8005_self" {
  description                  = "Tomcat shutdown port"
  from_port                    = 8005
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-tomcat-shutdown"
  }
  to_port = 8005
}
