# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "aws_security_group" "st_db" {
  description = "Firewall catalog role st-db"
  name        = "st-prod-st-db"
  tags = {
    Name                       = "st-prod-st-db"
    catalog                    = "securetransport"
    "catalog-role"             = "st-db"
    "catalog-role-description" = "External database of the SecureTransport Servers"
  }
  vpc_id = "vpc-0c3d4e5f607182930"
}

resource "aws_security_group" "st_edge" {
  description = "Firewall catalog role st-edge"
  name        = "st-prod-st-edge"
  tags = {
    Name                       = "st-prod-st-edge"
    catalog                    = "securetransport"
    "catalog-role"             = "st-edge"
    "catalog-role-description" = "SecureTransport Edge nodes in the DMZ (protocol servers, SOCKS5 proxy, own embedded database)"
  }
  vpc_id = "vpc-0d4e5f60718293a4b"
}

resource "aws_security_group" "st_lb" {
  description = "Firewall catalog role st-lb"
  name        = "st-prod-st-lb"
  tags = {
    Name                       = "st-prod-st-lb"
    catalog                    = "securetransport"
    "catalog-role"             = "st-lb"
    "catalog-role-description" = "Internet-facing load balancer in front of the Edges (its own group where a cloud gives it one, such as the security group of an AWS load balancer)"
  }
  vpc_id = "vpc-0d4e5f60718293a4b"
}

resource "aws_security_group" "st_server" {
  description = "Firewall catalog role st-server"
  name        = "st-prod-st-server"
  tags = {
    Name                       = "st-prod-st-server"
    catalog                    = "securetransport"
    "catalog-role"             = "st-server"
    "catalog-role-description" = "SecureTransport Server nodes of one cluster"
  }
  vpc_id = "vpc-0c3d4e5f607182930"
}

resource "aws_security_group" "st_storage" {
  description = "Firewall catalog role st-storage"
  name        = "st-prod-st-storage"
  tags = {
    Name                       = "st-prod-st-storage"
    catalog                    = "securetransport"
    "catalog-role"             = "st-storage"
    "catalog-role-description" = "Shared storage of the Servers (GlusterFS or NFS nodes)"
  }
  vpc_id = "vpc-0c3d4e5f607182930"
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_cluster_out_tcp_33060_self" {
  description                  = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  from_port                    = 33060
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-cluster-out"
  }
  to_port = 33060
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_cluster_out_tcp_444_self" {
  description                  = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  from_port                    = 444
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-cluster-out"
  }
  to_port = 444
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_cluster_out_tcp_7800_7802_self" {
  description                  = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  from_port                    = 7800
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-cluster-out"
  }
  to_port = 7802
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_cluster_out_tcp_8005_8006_self" {
  description                  = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  from_port                    = 8005
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-cluster-out"
  }
  to_port = 8006
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_as2_tcp_10080_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Server-initiated AS2 to partners"
  from_port         = 10080
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-as2"
  }
  to_port = 10080
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_as2_tcp_10080____0" {
  cidr_ipv6         = "::/0"
  description       = "Server-initiated AS2 to partners"
  from_port         = 10080
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-as2"
  }
  to_port = 10080
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_as2_tcp_10443_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Server-initiated AS2 to partners"
  from_port         = 10443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-as2"
  }
  to_port = 10443
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_as2_tcp_10443____0" {
  cidr_ipv6         = "::/0"
  description       = "Server-initiated AS2 to partners"
  from_port         = 10443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-as2"
  }
  to_port = 10443
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_ftp_sftp_tcp_21_22_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Server-initiated FTP(S) control and data, and SFTP, to partners"
  from_port         = 21
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-ftp-sftp"
  }
  to_port = 22
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_ftp_sftp_tcp_21_22____0" {
  cidr_ipv6         = "::/0"
  description       = "Server-initiated FTP(S) control and data, and SFTP, to partners"
  from_port         = 21
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-ftp-sftp"
  }
  to_port = 22
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_ftp_sftp_tcp_40000_40999_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Server-initiated FTP(S) control and data, and SFTP, to partners"
  from_port         = 40000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-ftp-sftp"
  }
  to_port = 40999
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_ftp_sftp_tcp_40000_40999____0" {
  cidr_ipv6         = "::/0"
  description       = "Server-initiated FTP(S) control and data, and SFTP, to partners"
  from_port         = 40000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-ftp-sftp"
  }
  to_port = 40999
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_http_tcp_443_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Server-initiated HTTP(S) to partners"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-http"
  }
  to_port = 443
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_http_tcp_443____0" {
  cidr_ipv6         = "::/0"
  description       = "Server-initiated HTTP(S) to partners"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-http"
  }
  to_port = 443
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_http_tcp_80_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Server-initiated HTTP(S) to partners"
  from_port         = 80
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-http"
  }
  to_port = 80
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_http_tcp_80____0" {
  cidr_ipv6         = "::/0"
  description       = "Server-initiated HTTP(S) to partners"
  from_port         = 80
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-http"
  }
  to_port = 80
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_pesit_tcp_17617_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Server-initiated PeSIT to partners"
  from_port         = 17617
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-pesit"
  }
  to_port = 17617
}

resource "aws_vpc_security_group_egress_rule" "st_edge_egress_st_edge_out_pesit_tcp_17617____0" {
  cidr_ipv6         = "::/0"
  description       = "Server-initiated PeSIT to partners"
  from_port         = 17617
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-out-pesit"
  }
  to_port = 17617
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_10022_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 10022
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 10022
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_10080_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 10080
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 10080
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_10443_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 10443
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 10443
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_17617_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 17617
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 17617
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_17627_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 17627
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 17627
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_17637_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 17637
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 17637
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_19617_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 19617
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 19617
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_19627_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 19627
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 19627
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_20_21_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 20
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 21
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_30000_30099_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 30000
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 30099
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_443_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 443
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 443
}

resource "aws_vpc_security_group_egress_rule" "st_lb_egress_st_lb_forward_tcp_80_sg_st_edge" {
  description                  = "The load balancer forwards client connections to the Edges"
  from_port                    = 80
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-forward"
  }
  to_port = 80
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

resource "aws_vpc_security_group_egress_rule" "st_server_egress_default_all_ipv6" {
  cidr_ipv6         = "::/0"
  description       = "Egress default of role st-server: allow"
  ip_protocol       = "-1"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog                  = "securetransport"
    "catalog-egress-default" = "allow"
    "catalog-role"           = "st-server"
  }
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_icap_out_tcp_1344_10_30_1_134_32" {
  cidr_ipv4         = "10.30.1.134/32"
  description       = "ICAP scanning of transfers (DLP, anti-virus)"
  from_port         = 1344
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-icap-out"
  }
  to_port = 1344
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_icap_out_tcp_1344_10_30_1_135_32" {
  cidr_ipv4         = "10.30.1.135/32"
  description       = "ICAP scanning of transfers (DLP, anti-virus)"
  from_port         = 1344
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-icap-out"
  }
  to_port = 1344
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_ldap_out_tcp_3268_10_30_1_10_32" {
  cidr_ipv4         = "10.30.1.10/32"
  description       = "LDAP user lookup and authentication"
  from_port         = 3268
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-ldap-out"
  }
  to_port = 3268
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_ldap_out_tcp_3268_10_30_1_11_32" {
  cidr_ipv4         = "10.30.1.11/32"
  description       = "LDAP user lookup and authentication"
  from_port         = 3268
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-ldap-out"
  }
  to_port = 3268
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_ldap_out_tcp_389_10_30_1_10_32" {
  cidr_ipv4         = "10.30.1.10/32"
  description       = "LDAP user lookup and authentication"
  from_port         = 389
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-ldap-out"
  }
  to_port = 389
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_ldap_out_tcp_389_10_30_1_11_32" {
  cidr_ipv4         = "10.30.1.11/32"
  description       = "LDAP user lookup and authentication"
  from_port         = 389
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-ldap-out"
  }
  to_port = 389
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_sentinel_out_tcp_1305_10_30_1_130_32" {
  cidr_ipv4         = "10.30.1.130/32"
  description       = "Transfer events to Sentinel or Decision Insight"
  from_port         = 1305
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-sentinel-out"
  }
  to_port = 1305
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_siteminder_out_tcp_44441_44443_10_30_1_44_32" {
  cidr_ipv4         = "10.30.1.44/32"
  description       = "SiteMinder accounting, authentication and authorization"
  from_port         = 44441
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-siteminder-out"
  }
  to_port = 44443
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_smtp_out_tcp_25_10_30_1_25_32" {
  cidr_ipv4         = "10.30.1.25/32"
  description       = "Ad hoc e-mail notifications"
  from_port         = 25
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-smtp-out"
  }
  to_port = 25
}

resource "aws_vpc_security_group_egress_rule" "st_server_egress_st_snmp_traps_out_udp_162_10_30_1_162_32" {
  cidr_ipv4         = "10.30.1.162/32"
  description       = "SNMP traps to the SNMP managers"
  from_port         = 162
  ip_protocol       = "udp"
  security_group_id = aws_security_group.st_server.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-server"
    "catalog-rule" = "st-snmp-traps-out"
  }
  to_port = 162
}

resource "aws_vpc_security_group_egress_rule" "st_storage_egress_st_storage_peers_out_tcp_111_self" {
  description                  = "GlusterFS nodes to each other (replication)"
  from_port                    = 111
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_storage.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-peers-out"
  }
  to_port = 111
}

resource "aws_vpc_security_group_egress_rule" "st_storage_egress_st_storage_peers_out_tcp_2049_self" {
  description                  = "GlusterFS nodes to each other (replication)"
  from_port                    = 2049
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_storage.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-peers-out"
  }
  to_port = 2049
}

resource "aws_vpc_security_group_egress_rule" "st_storage_egress_st_storage_peers_out_tcp_24007_self" {
  description                  = "GlusterFS nodes to each other (replication)"
  from_port                    = 24007
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_storage.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-peers-out"
  }
  to_port = 24007
}

resource "aws_vpc_security_group_egress_rule" "st_storage_egress_st_storage_peers_out_tcp_49152_49251_self" {
  description                  = "GlusterFS nodes to each other (replication)"
  from_port                    = 49152
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_storage.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-peers-out"
  }
  to_port = 49251
}

resource "aws_vpc_security_group_ingress_rule" "st_db_ingress_st_db_access_in_tcp_1521_sg_st_server" {
  description                  = "Servers to the external database"
  from_port                    = 1521
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_db.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-db"
    "catalog-rule" = "st-db-access-in"
  }
  to_port = 1521
}

resource "aws_vpc_security_group_ingress_rule" "st_db_ingress_st_db_access_in_tcp_2484_sg_st_server" {
  description                  = "Servers to the external database"
  from_port                    = 2484
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_db.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-db"
    "catalog-rule" = "st-db-access-in"
  }
  to_port = 2484
}

resource "aws_vpc_security_group_ingress_rule" "st_db_ingress_st_db_admin_rdp_tcp_3389_10_30_0_10_32" {
  cidr_ipv4         = "10.30.0.10/32"
  description       = "Remote desktop to the database host from the Administration host"
  from_port         = 3389
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_db.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-db"
    "catalog-rule" = "st-db-admin-rdp"
  }
  to_port = 3389
}

resource "aws_vpc_security_group_ingress_rule" "st_db_ingress_st_db_admin_rdp_tcp_3389_10_30_0_11_32" {
  cidr_ipv4         = "10.30.0.11/32"
  description       = "Remote desktop to the database host from the Administration host"
  from_port         = 3389
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_db.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-db"
    "catalog-rule" = "st-db-admin-rdp"
  }
  to_port = 3389
}

resource "aws_vpc_security_group_ingress_rule" "st_db_ingress_st_db_admin_tcp_1521_10_30_0_10_32" {
  cidr_ipv4         = "10.30.0.10/32"
  description       = "Database administration from the Administration host"
  from_port         = 1521
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_db.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-db"
    "catalog-rule" = "st-db-admin"
  }
  to_port = 1521
}

resource "aws_vpc_security_group_ingress_rule" "st_db_ingress_st_db_admin_tcp_1521_10_30_0_11_32" {
  cidr_ipv4         = "10.30.0.11/32"
  description       = "Database administration from the Administration host"
  from_port         = 1521
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_db.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-db"
    "catalog-rule" = "st-db-admin"
  }
  to_port = 1521
}

resource "aws_vpc_security_group_ingress_rule" "st_db_ingress_st_db_admin_tcp_2484_10_30_0_10_32" {
  cidr_ipv4         = "10.30.0.10/32"
  description       = "Database administration from the Administration host"
  from_port         = 2484
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_db.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-db"
    "catalog-rule" = "st-db-admin"
  }
  to_port = 2484
}

resource "aws_vpc_security_group_ingress_rule" "st_db_ingress_st_db_admin_tcp_2484_10_30_0_11_32" {
  cidr_ipv4         = "10.30.0.11/32"
  description       = "Database administration from the Administration host"
  from_port         = 2484
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_db.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-db"
    "catalog-rule" = "st-db-admin"
  }
  to_port = 2484
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_admin_db_tcp_33060_10_30_0_10_32" {
  cidr_ipv4         = "10.30.0.10/32"
  description       = "Administration of the Edge embedded database (MariaDB)"
  from_port         = 33060
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-admin-db"
  }
  to_port = 33060
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_admin_db_tcp_33060_10_30_0_11_32" {
  cidr_ipv4         = "10.30.0.11/32"
  description       = "Administration of the Edge embedded database (MariaDB)"
  from_port         = 33060
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-admin-db"
  }
  to_port = 33060
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_admin_ssh_tcp_22_10_30_0_10_32" {
  cidr_ipv4         = "10.30.0.10/32"
  description       = "SSH administration of the Edges"
  from_port         = 22
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-admin-ssh"
  }
  to_port = 22
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_admin_ssh_tcp_22_10_30_0_11_32" {
  cidr_ipv4         = "10.30.0.11/32"
  description       = "SSH administration of the Edges"
  from_port         = 22
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-admin-ssh"
  }
  to_port = 22
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_admin_tool_tcp_444_10_30_0_10_32" {
  cidr_ipv4         = "10.30.0.10/32"
  description       = "Administration Tool on the Edge, from the trusted network"
  from_port         = 444
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-admin-tool"
  }
  to_port = 444
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_admin_tool_tcp_444_10_30_0_11_32" {
  cidr_ipv4         = "10.30.0.11/32"
  description       = "Administration Tool on the Edge, from the trusted network"
  from_port         = 444
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-admin-tool"
  }
  to_port = 444
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_as2_tcp_10080_sg_st_lb" {
  description                  = "Partner AS2 through the load balancer"
  from_port                    = 10080
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-as2"
  }
  to_port = 10080
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_as2_tcp_10443_sg_st_lb" {
  description                  = "Partner AS2 through the load balancer"
  from_port                    = 10443
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-as2"
  }
  to_port = 10443
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_cluster_in_tcp_33060_self" {
  description                  = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  from_port                    = 33060
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-cluster-in"
  }
  to_port = 33060
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_cluster_in_tcp_444_self" {
  description                  = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  from_port                    = 444
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-cluster-in"
  }
  to_port = 444
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_cluster_in_tcp_7800_7802_self" {
  description                  = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  from_port                    = 7800
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-cluster-in"
  }
  to_port = 7802
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_cluster_in_tcp_8005_8006_self" {
  description                  = "Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB"
  from_port                    = 8005
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_edge.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-cluster-in"
  }
  to_port = 8006
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_ftp_active_in_tcp_31000_31049_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Server-initiated FTP(S) data in active mode, from partners"
  from_port         = 31000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-ftp-active-in"
  }
  to_port = 31049
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_ftp_active_in_tcp_31000_31049____0" {
  cidr_ipv6         = "::/0"
  description       = "Server-initiated FTP(S) data in active mode, from partners"
  from_port         = 31000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-ftp-active-in"
  }
  to_port = 31049
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_ftp_tcp_20_21_sg_st_lb" {
  description                  = "Client FTP(S) through the load balancer"
  from_port                    = 20
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-ftp"
  }
  to_port = 21
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_ftp_tcp_30000_30099_sg_st_lb" {
  description                  = "Client FTP(S) through the load balancer"
  from_port                    = 30000
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-ftp"
  }
  to_port = 30099
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_http_tcp_443_sg_st_lb" {
  description                  = "Client HTTP(S) through the load balancer"
  from_port                    = 443
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-http"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_http_tcp_80_sg_st_lb" {
  description                  = "Client HTTP(S) through the load balancer"
  from_port                    = 80
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-http"
  }
  to_port = 80
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_pesit_tcp_17617_sg_st_lb" {
  description                  = "Partner PeSIT through the load balancer"
  from_port                    = 17617
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-pesit"
  }
  to_port = 17617
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_pesit_tcp_17627_sg_st_lb" {
  description                  = "Partner PeSIT through the load balancer"
  from_port                    = 17627
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-pesit"
  }
  to_port = 17627
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_pesit_tcp_17637_sg_st_lb" {
  description                  = "Partner PeSIT through the load balancer"
  from_port                    = 17637
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-pesit"
  }
  to_port = 17637
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_pesit_tcp_19617_sg_st_lb" {
  description                  = "Partner PeSIT through the load balancer"
  from_port                    = 19617
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-pesit"
  }
  to_port = 19617
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_pesit_tcp_19627_sg_st_lb" {
  description                  = "Partner PeSIT through the load balancer"
  from_port                    = 19627
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-pesit"
  }
  to_port = 19627
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_edge_sftp_tcp_10022_sg_st_lb" {
  description                  = "Client SFTP and SCP through the load balancer"
  from_port                    = 10022
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_lb.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-edge-sftp"
  }
  to_port = 10022
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_socks_in_tcp_1080_sg_st_server" {
  description                  = "SOCKS5 proxy on the Edges for server-initiated transfers"
  from_port                    = 1080
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-socks-in"
  }
  to_port = 1080
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_streaming_in_tcp_20021_20022_sg_st_server" {
  description                  = "Transaction Manager streaming to the Edge protocol servers (FTP, SSH, HTTP, Admin Tool, AS2, PeSIT)"
  from_port                    = 20021
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-streaming-in"
  }
  to_port = 20022
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_streaming_in_tcp_20080_sg_st_server" {
  description                  = "Transaction Manager streaming to the Edge protocol servers (FTP, SSH, HTTP, Admin Tool, AS2, PeSIT)"
  from_port                    = 20080
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-streaming-in"
  }
  to_port = 20080
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_streaming_in_tcp_20444_sg_st_server" {
  description                  = "Transaction Manager streaming to the Edge protocol servers (FTP, SSH, HTTP, Admin Tool, AS2, PeSIT)"
  from_port                    = 20444
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-streaming-in"
  }
  to_port = 20444
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_streaming_in_tcp_21080_sg_st_server" {
  description                  = "Transaction Manager streaming to the Edge protocol servers (FTP, SSH, HTTP, Admin Tool, AS2, PeSIT)"
  from_port                    = 21080
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-streaming-in"
  }
  to_port = 21080
}

resource "aws_vpc_security_group_ingress_rule" "st_edge_ingress_st_streaming_in_tcp_27617_sg_st_server" {
  description                  = "Transaction Manager streaming to the Edge protocol servers (FTP, SSH, HTTP, Admin Tool, AS2, PeSIT)"
  from_port                    = 27617
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_edge.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-edge"
    "catalog-rule" = "st-streaming-in"
  }
  to_port = 27617
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_as2_tcp_10080_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Partner AS2, plain and TLS"
  from_port         = 10080
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-as2"
  }
  to_port = 10080
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_as2_tcp_10080____0" {
  cidr_ipv6         = "::/0"
  description       = "Partner AS2, plain and TLS"
  from_port         = 10080
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-as2"
  }
  to_port = 10080
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_as2_tcp_10443_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Partner AS2, plain and TLS"
  from_port         = 10443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-as2"
  }
  to_port = 10443
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_as2_tcp_10443____0" {
  cidr_ipv6         = "::/0"
  description       = "Partner AS2, plain and TLS"
  from_port         = 10443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-as2"
  }
  to_port = 10443
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_ftp_tcp_20_21_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Client FTP(S) control, active and passive data"
  from_port         = 20
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-ftp"
  }
  to_port = 21
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_ftp_tcp_20_21____0" {
  cidr_ipv6         = "::/0"
  description       = "Client FTP(S) control, active and passive data"
  from_port         = 20
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-ftp"
  }
  to_port = 21
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_ftp_tcp_30000_30099_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Client FTP(S) control, active and passive data"
  from_port         = 30000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-ftp"
  }
  to_port = 30099
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_ftp_tcp_30000_30099____0" {
  cidr_ipv6         = "::/0"
  description       = "Client FTP(S) control, active and passive data"
  from_port         = 30000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-ftp"
  }
  to_port = 30099
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_http_tcp_443_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Client HTTP and HTTPS"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-http"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_http_tcp_443____0" {
  cidr_ipv6         = "::/0"
  description       = "Client HTTP and HTTPS"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-http"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_http_tcp_80_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Client HTTP and HTTPS"
  from_port         = 80
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-http"
  }
  to_port = 80
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_http_tcp_80____0" {
  cidr_ipv6         = "::/0"
  description       = "Client HTTP and HTTPS"
  from_port         = 80
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-http"
  }
  to_port = 80
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_17617_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 17617
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 17617
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_17617____0" {
  cidr_ipv6         = "::/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 17617
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 17617
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_17627_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 17627
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 17627
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_17627____0" {
  cidr_ipv6         = "::/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 17627
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 17627
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_17637_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 17637
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 17637
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_17637____0" {
  cidr_ipv6         = "::/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 17637
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 17637
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_19617_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 19617
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 19617
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_19617____0" {
  cidr_ipv6         = "::/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 19617
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 19617
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_19627_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 19627
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 19627
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_pesit_tcp_19627____0" {
  cidr_ipv6         = "::/0"
  description       = "Partner PeSIT (plain, SSL, pTCP)"
  from_port         = 19627
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-pesit"
  }
  to_port = 19627
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_sftp_tcp_10022_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Client SFTP and SCP"
  from_port         = 10022
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-sftp"
  }
  to_port = 10022
}

resource "aws_vpc_security_group_ingress_rule" "st_lb_ingress_st_lb_sftp_tcp_10022____0" {
  cidr_ipv6         = "::/0"
  description       = "Client SFTP and SCP"
  from_port         = 10022
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_lb.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-lb"
    "catalog-rule" = "st-lb-sftp"
  }
  to_port = 10022
}

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_admin_tool_https_tcp_444_10_30_0_10_32" {
  cidr_ipv4         = "10.30.0.10/32"
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

resource "aws_vpc_security_group_ingress_rule" "st_server_ingress_st_admin_tool_https_tcp_444_10_30_0_11_32" {
  cidr_ipv4         = "10.30.0.11/32"
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

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_access_in_tcp_111_sg_st_server" {
  description                  = "Servers to GlusterFS (portmapper, NFS, glusterd, bricks)"
  from_port                    = 111
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-access-in"
  }
  to_port = 111
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_access_in_tcp_2049_sg_st_server" {
  description                  = "Servers to GlusterFS (portmapper, NFS, glusterd, bricks)"
  from_port                    = 2049
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-access-in"
  }
  to_port = 2049
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_access_in_tcp_24007_sg_st_server" {
  description                  = "Servers to GlusterFS (portmapper, NFS, glusterd, bricks)"
  from_port                    = 24007
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-access-in"
  }
  to_port = 24007
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_access_in_tcp_49152_49251_sg_st_server" {
  description                  = "Servers to GlusterFS (portmapper, NFS, glusterd, bricks)"
  from_port                    = 49152
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_server.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-access-in"
  }
  to_port = 49251
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_admin_ssh_tcp_22_10_30_0_10_32" {
  cidr_ipv4         = "10.30.0.10/32"
  description       = "SSH administration of the storage nodes"
  from_port         = 22
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-admin-ssh"
  }
  to_port = 22
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_admin_ssh_tcp_22_10_30_0_11_32" {
  cidr_ipv4         = "10.30.0.11/32"
  description       = "SSH administration of the storage nodes"
  from_port         = 22
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-admin-ssh"
  }
  to_port = 22
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_peers_in_tcp_111_self" {
  description                  = "GlusterFS nodes to each other (replication)"
  from_port                    = 111
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_storage.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-peers-in"
  }
  to_port = 111
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_peers_in_tcp_2049_self" {
  description                  = "GlusterFS nodes to each other (replication)"
  from_port                    = 2049
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_storage.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-peers-in"
  }
  to_port = 2049
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_peers_in_tcp_24007_self" {
  description                  = "GlusterFS nodes to each other (replication)"
  from_port                    = 24007
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_storage.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-peers-in"
  }
  to_port = 24007
}

resource "aws_vpc_security_group_ingress_rule" "st_storage_ingress_st_storage_peers_in_tcp_49152_49251_self" {
  description                  = "GlusterFS nodes to each other (replication)"
  from_port                    = 49152
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.st_storage.id
  security_group_id            = aws_security_group.st_storage.id
  tags = {
    catalog        = "securetransport"
    "catalog-role" = "st-storage"
    "catalog-rule" = "st-storage-peers-in"
  }
  to_port = 49251
}
