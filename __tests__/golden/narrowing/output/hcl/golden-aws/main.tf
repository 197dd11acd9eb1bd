# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "aws_security_group" "db" {
  description = "Database servers"
  name        = "gold-golden-db"
  tags = {
    Name           = "gold-golden-db"
    catalog        = "narrowing"
    "catalog-role" = "db"
  }
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_security_group" "web" {
  description = "Web servers"
  name        = "gold-golden-web"
  tags = {
    Name           = "gold-golden-web"
    catalog        = "narrowing"
    "catalog-role" = "web"
  }
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_egress_rule" "db_egress_default_all_ipv4" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Egress default of role db: allow"
  ip_protocol       = "-1"
  security_group_id = aws_security_group.db.id
  tags = {
    catalog                  = "narrowing"
    "catalog-egress-default" = "allow"
    "catalog-role"           = "db"
  }
}

resource "aws_vpc_security_group_egress_rule" "db_egress_default_all_ipv6" {
  cidr_ipv6         = "::/0"
  description       = "Egress default of role db: allow"
  ip_protocol       = "-1"
  security_group_id = aws_security_group.db.id
  tags = {
    catalog                  = "narrowing"
    "catalog-egress-default" = "allow"
    "catalog-role"           = "db"
  }
}

resource "aws_vpc_security_group_egress_rule" "web_egress_web_to_db_tcp_5432_10_3_0_0_16" {
  cidr_ipv4         = "10.3.0.0/16"
  description       = "Web servers reach the database subnet"
  from_port         = 5432
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "web"
    "catalog-rule" = "web-to-db"
  }
  to_port = 5432
}

resource "aws_vpc_security_group_ingress_rule" "db_ingress_db_from_web_tcp_5432_sg_web" {
  description                  = "PostgreSQL from the web servers"
  from_port                    = 5432
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.web.id
  security_group_id            = aws_security_group.db.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "db"
    "catalog-rule" = "db-from-web"
  }
  to_port = 5432
}

resource "aws_vpc_security_group_ingress_rule" "db_ingress_db_gre_proto47_10_2_0_0_16" {
  cidr_ipv4         = "10.2.0.0/16"
  description       = "GRE tunnel from the backup site"
  ip_protocol       = "47"
  security_group_id = aws_security_group.db.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "db"
    "catalog-rule" = "db-gre"
  }
}

resource "aws_vpc_security_group_ingress_rule" "db_ingress_db_replication_sctp_10_1_0_0_16" {
  cidr_ipv4         = "10.1.0.0/16"
  description       = "SCTP replication from the office"
  ip_protocol       = "132"
  security_group_id = aws_security_group.db.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "db"
    "catalog-rule" = "db-replication"
  }
}

resource "aws_vpc_security_group_ingress_rule" "db_ingress_db_replication_sctp_2001_db8_10___48" {
  cidr_ipv6         = "2001:db8:10::/48"
  description       = "SCTP replication from the office"
  ip_protocol       = "132"
  security_group_id = aws_security_group.db.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "db"
    "catalog-rule" = "db-replication"
  }
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_10_1_0_0_18" {
  cidr_ipv4         = "10.1.0.0/18"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_10_1_100_0_22" {
  cidr_ipv4         = "10.1.100.0/22"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_10_1_104_0_21" {
  cidr_ipv4         = "10.1.104.0/21"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_10_1_112_0_20" {
  cidr_ipv4         = "10.1.112.0/20"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_10_1_128_0_17" {
  cidr_ipv4         = "10.1.128.0/17"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_10_1_64_0_19" {
  cidr_ipv4         = "10.1.64.0/19"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_10_1_96_0_23" {
  cidr_ipv4         = "10.1.96.0/23"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_10_1_98_0_24" {
  cidr_ipv4         = "10.1.98.0/24"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_443_2001_db8_10___48" {
  cidr_ipv6         = "2001:db8:10::/48"
  description       = "HTTPS and the application ports from the office"
  from_port         = 443
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 443
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_0_0_18" {
  cidr_ipv4         = "10.1.0.0/18"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_100_0_22" {
  cidr_ipv4         = "10.1.100.0/22"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_104_0_21" {
  cidr_ipv4         = "10.1.104.0/21"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_112_0_20" {
  cidr_ipv4         = "10.1.112.0/20"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_128_0_17" {
  cidr_ipv4         = "10.1.128.0/17"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_64_0_19" {
  cidr_ipv4         = "10.1.64.0/19"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_96_0_23" {
  cidr_ipv4         = "10.1.96.0/23"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_98_0_24" {
  cidr_ipv4         = "10.1.98.0/24"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_10_1_99_0_24" {
  cidr_ipv4         = "10.1.99.0/24"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8000_8004_2001_db8_10___48" {
  cidr_ipv6         = "2001:db8:10::/48"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8000
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8004
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_0_0_18" {
  cidr_ipv4         = "10.1.0.0/18"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_100_0_22" {
  cidr_ipv4         = "10.1.100.0/22"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_104_0_21" {
  cidr_ipv4         = "10.1.104.0/21"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_112_0_20" {
  cidr_ipv4         = "10.1.112.0/20"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_128_0_17" {
  cidr_ipv4         = "10.1.128.0/17"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_64_0_19" {
  cidr_ipv4         = "10.1.64.0/19"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_96_0_23" {
  cidr_ipv4         = "10.1.96.0/23"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_98_0_24" {
  cidr_ipv4         = "10.1.98.0/24"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_10_1_99_0_24" {
  cidr_ipv4         = "10.1.99.0/24"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-guest-wifi deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_office_https_tcp_8006_8010_2001_db8_10___48" {
  cidr_ipv6         = "2001:db8:10::/48"
  description       = "HTTPS and the application ports from the office"
  from_port         = 8006
  ip_protocol       = "tcp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog               = "narrowing"
    "catalog-narrowed-by" = "deny-debug-port"
    "catalog-role"        = "web"
    "catalog-rule"        = "office-https"
  }
  to_port = 8010
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_web_cluster_tcp_7000_self" {
  description                  = "Web servers talk to each other"
  from_port                    = 7000
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.web.id
  security_group_id            = aws_security_group.web.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "web"
    "catalog-rule" = "web-cluster"
  }
  to_port = 7000
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_web_from_legacy_udp_514_192_168_50_0_24" {
  cidr_ipv4         = "192.168.50.0/24"
  description       = "Syslog from the legacy hosts"
  from_port         = 514
  ip_protocol       = "udp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "web"
    "catalog-rule" = "web-from-legacy"
  }
  to_port = 514
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_web_ping_icmp_0_0_0_0_0" {
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Ping over IPv4"
  from_port         = -1
  ip_protocol       = "icmp"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "web"
    "catalog-rule" = "web-ping"
  }
  to_port = -1
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_web_ping_v6_icmpv6____0" {
  cidr_ipv6         = "::/0"
  description       = "Ping over IPv6"
  from_port         = -1
  ip_protocol       = "icmpv6"
  security_group_id = aws_security_group.web.id
  tags = {
    catalog        = "narrowing"
    "catalog-role" = "web"
    "catalog-rule" = "web-ping-v6"
  }
  to_port = -1
}
