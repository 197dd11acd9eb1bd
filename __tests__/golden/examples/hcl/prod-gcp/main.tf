# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "google_compute_firewall" "st_prod_eg_allow_st_edge_to_partners" {
  description        = "Catalog securetransport: st-edge-out-http (Server-initiated HTTP(S) to partners); st-edge-out-as2 (Server-initiated AS2 to partners); st-edge-out-pesit (Server-initiated PeSIT to partners); st-edge-out-ftp-sftp (Server-initiated FTP(S) control and data, and SFTP, to partners)"
  destination_ranges = ["0.0.0.0/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-edge-to-partners"
  network            = "st-prod-dmz"
  priority           = 22000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-edge"]

  allow {
    ports    = ["21-22", "80", "443", "10080", "10443", "17617", "40000-40999"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_edge_to_partners_v6" {
  description        = "Catalog securetransport: st-edge-out-http (Server-initiated HTTP(S) to partners); st-edge-out-as2 (Server-initiated AS2 to partners); st-edge-out-pesit (Server-initiated PeSIT to partners); st-edge-out-ftp-sftp (Server-initiated FTP(S) control and data, and SFTP, to partners)"
  destination_ranges = ["::/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-edge-to-partners-v6"
  network            = "st-prod-dmz"
  priority           = 24000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-edge"]

  allow {
    ports    = ["21-22", "80", "443", "10080", "10443", "17617", "40000-40999"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_edge_to_st_edge" {
  description        = "Catalog securetransport: st-edge-cluster-out (Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB)"
  destination_ranges = ["10.31.0.0/16"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-edge-to-st-edge"
  network            = "st-prod-dmz"
  priority           = 18000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-edge"]

  allow {
    ports    = ["444", "7800-7802", "8005-8006", "33060"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_lb_to_st_edge" {
  description        = "Catalog securetransport: st-lb-forward (The load balancer forwards client connections to the Edges)"
  destination_ranges = ["10.31.0.0/16"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-lb-to-st-edge"
  network            = "st-prod-dmz"
  priority           = 20000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-lb"]

  allow {
    ports    = ["20-21", "80", "443", "10022", "10080", "10443", "17617", "17627", "17637", "19617", "19627", "30000-30099"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_server_to_icap" {
  description        = "Catalog securetransport: st-icap-out (ICAP scanning of transfers (DLP, anti-virus))"
  destination_ranges = ["10.30.1.134/32", "10.30.1.135/32"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-server-to-icap"
  network            = "st-prod-vpc"
  priority           = 12000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-server"]

  allow {
    ports    = ["1344"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_server_to_ldap" {
  description        = "Catalog securetransport: st-ldap-out (LDAP user lookup and authentication)"
  destination_ranges = ["10.30.1.10/32", "10.30.1.11/32"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-server-to-ldap"
  network            = "st-prod-vpc"
  priority           = 10000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-server"]

  allow {
    ports    = ["389", "3268"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_server_to_sentinel" {
  description        = "Catalog securetransport: st-sentinel-out (Transfer events to Sentinel or Decision Insight)"
  destination_ranges = ["10.30.1.130/32"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-server-to-sentinel"
  network            = "st-prod-vpc"
  priority           = 14000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-server"]

  allow {
    ports    = ["1305"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_server_to_siteminder" {
  description        = "Catalog securetransport: st-siteminder-out (SiteMinder accounting, authentication and authorization)"
  destination_ranges = ["10.30.1.44/32"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-server-to-siteminder"
  network            = "st-prod-vpc"
  priority           = 8000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-server"]

  allow {
    ports    = ["44441-44443"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_server_to_smtp" {
  description        = "Catalog securetransport: st-smtp-out (Ad hoc e-mail notifications)"
  destination_ranges = ["10.30.1.25/32"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-server-to-smtp"
  network            = "st-prod-vpc"
  priority           = 4000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-server"]

  allow {
    ports    = ["25"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_server_to_snmp_managers" {
  description        = "Catalog securetransport: st-snmp-traps-out (SNMP traps to the SNMP managers)"
  destination_ranges = ["10.30.1.162/32"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-server-to-snmp-managers"
  network            = "st-prod-vpc"
  priority           = 6000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-server"]

  allow {
    ports    = ["162"]
    protocol = "udp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_allow_st_storage_to_st_storage" {
  description        = "Catalog securetransport: st-storage-peers-out (GlusterFS nodes to each other (replication))"
  destination_ranges = ["10.30.0.0/16"]
  direction          = "EGRESS"
  name               = "st-prod-eg-allow-st-storage-to-st-storage"
  network            = "st-prod-vpc"
  priority           = 16000
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-storage"]

  allow {
    ports    = ["111", "2049", "24007", "49152-49251"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_default_deny_st_db" {
  description        = "Egress default of role st-db: deny (catalog securetransport)"
  destination_ranges = ["0.0.0.0/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-default-deny-st-db"
  network            = "st-prod-vpc"
  priority           = 65534
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-db"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_default_deny_st_db_v6" {
  description        = "Egress default of role st-db: deny (catalog securetransport)"
  destination_ranges = ["::/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-default-deny-st-db-v6"
  network            = "st-prod-vpc"
  priority           = 65534
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-db"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_default_deny_st_edge" {
  description        = "Egress default of role st-edge: deny (catalog securetransport)"
  destination_ranges = ["0.0.0.0/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-default-deny-st-edge"
  network            = "st-prod-dmz"
  priority           = 65534
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-edge"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_default_deny_st_edge_v6" {
  description        = "Egress default of role st-edge: deny (catalog securetransport)"
  destination_ranges = ["::/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-default-deny-st-edge-v6"
  network            = "st-prod-dmz"
  priority           = 65534
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-edge"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_default_deny_st_lb" {
  description        = "Egress default of role st-lb: deny (catalog securetransport)"
  destination_ranges = ["0.0.0.0/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-default-deny-st-lb"
  network            = "st-prod-dmz"
  priority           = 65534
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-lb"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_default_deny_st_lb_v6" {
  description        = "Egress default of role st-lb: deny (catalog securetransport)"
  destination_ranges = ["::/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-default-deny-st-lb-v6"
  network            = "st-prod-dmz"
  priority           = 65534
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-lb"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_default_deny_st_storage" {
  description        = "Egress default of role st-storage: deny (catalog securetransport)"
  destination_ranges = ["0.0.0.0/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-default-deny-st-storage"
  network            = "st-prod-vpc"
  priority           = 65534
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-storage"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_eg_default_deny_st_storage_v6" {
  description        = "Egress default of role st-storage: deny (catalog securetransport)"
  destination_ranges = ["::/0"]
  direction          = "EGRESS"
  name               = "st-prod-eg-default-deny-st-storage-v6"
  network            = "st-prod-vpc"
  priority           = 65534
  project            = "st-firewall-prod"
  target_tags        = ["st-prod-st-storage"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_db_from_admin_host" {
  description   = "Catalog securetransport: st-db-admin (Database administration from the Administration host); st-db-admin-rdp (Remote desktop to the database host from the Administration host)"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-db-from-admin-host"
  network       = "st-prod-vpc"
  priority      = 20000
  project       = "st-firewall-prod"
  source_ranges = ["10.30.0.10/32", "10.30.0.11/32"]
  target_tags   = ["st-prod-st-db"]

  allow {
    ports    = ["1521", "2484", "3389"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_db_from_st_server" {
  description = "Catalog securetransport: st-db-access-in (Servers to the external database)"
  direction   = "INGRESS"
  name        = "st-prod-in-allow-st-db-from-st-server"
  network     = "st-prod-vpc"
  priority    = 14000
  project     = "st-firewall-prod"
  source_tags = ["st-prod-st-server"]
  target_tags = ["st-prod-st-db"]

  allow {
    ports    = ["1521", "2484"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_edge_from_admin_host" {
  description   = "Catalog securetransport: st-edge-admin-tool (Administration Tool on the Edge, from the trusted network); st-edge-admin-ssh (SSH administration of the Edges); st-edge-admin-db (Administration of the Edge embedded database (MariaDB))"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-edge-from-admin-host"
  network       = "st-prod-dmz"
  priority      = 24000
  project       = "st-firewall-prod"
  source_ranges = ["10.30.0.10/32", "10.30.0.11/32"]
  target_tags   = ["st-prod-st-edge"]

  allow {
    ports    = ["22", "444", "33060"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_edge_from_load_balancer" {
  description   = "Catalog securetransport: st-edge-ftp (Client FTP(S) through the load balancer); st-edge-http (Client HTTP(S) through the load balancer); st-edge-sftp (Client SFTP and SCP through the load balancer); st-edge-as2 (Partner AS2 through the load balancer); st-edge-pesit (Partner PeSIT through the load balancer)"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-edge-from-load-balancer"
  network       = "st-prod-dmz"
  priority      = 32000
  project       = "st-firewall-prod"
  source_ranges = ["35.191.0.0/16", "130.211.0.0/22"]
  target_tags   = ["st-prod-st-edge"]

  allow {
    ports    = ["20-21", "80", "443", "10022", "10080", "10443", "17617", "17627", "17637", "19617", "19627", "30000-30099"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_edge_from_partners" {
  description   = "Catalog securetransport: st-edge-ftp-active-in (Server-initiated FTP(S) data in active mode, from partners)"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-edge-from-partners"
  network       = "st-prod-dmz"
  priority      = 34000
  project       = "st-firewall-prod"
  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["st-prod-st-edge"]

  allow {
    ports    = ["31000-31049"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_edge_from_partners_v6" {
  description   = "Catalog securetransport: st-edge-ftp-active-in (Server-initiated FTP(S) data in active mode, from partners)"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-edge-from-partners-v6"
  network       = "st-prod-dmz"
  priority      = 36000
  project       = "st-firewall-prod"
  source_ranges = ["::/0"]
  target_tags   = ["st-prod-st-edge"]

  allow {
    ports    = ["31000-31049"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_edge_from_st_edge" {
  description = "Catalog securetransport: st-edge-cluster-in (Edge cluster sync, Tomcat and AS2 shutdown, Hibernate cache, embedded MariaDB)"
  direction   = "INGRESS"
  name        = "st-prod-in-allow-st-edge-from-st-edge"
  network     = "st-prod-dmz"
  priority    = 26000
  project     = "st-firewall-prod"
  source_tags = ["st-prod-st-edge"]
  target_tags = ["st-prod-st-edge"]

  allow {
    ports    = ["444", "7800-7802", "8005-8006", "33060"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_edge_from_st_server" {
  description   = "Catalog securetransport: st-streaming-in (Transaction Manager streaming to the Edge protocol servers (FTP, SSH, HTTP, Admin Tool, AS2, PeSIT)); st-socks-in (SOCKS5 proxy on the Edges for server-initiated transfers)"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-edge-from-st-server"
  network       = "st-prod-dmz"
  priority      = 12000
  project       = "st-firewall-prod"
  source_ranges = ["10.30.0.0/16"]
  target_tags   = ["st-prod-st-edge"]

  allow {
    ports    = ["1080", "20021-20022", "20080", "20444", "21080", "27617"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_lb_from_partners" {
  description   = "Catalog securetransport: st-lb-ftp (Client FTP(S) control, active and passive data); st-lb-http (Client HTTP and HTTPS); st-lb-sftp (Client SFTP and SCP); st-lb-as2 (Partner AS2, plain and TLS); st-lb-pesit (Partner PeSIT (plain, SSL, pTCP))"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-lb-from-partners"
  network       = "st-prod-dmz"
  priority      = 28000
  project       = "st-firewall-prod"
  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["st-prod-st-lb"]

  allow {
    ports    = ["20-21", "80", "443", "10022", "10080", "10443", "17617", "17627", "17637", "19617", "19627", "30000-30099"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_lb_from_partners_v6" {
  description   = "Catalog securetransport: st-lb-ftp (Client FTP(S) control, active and passive data); st-lb-http (Client HTTP and HTTPS); st-lb-sftp (Client SFTP and SCP); st-lb-as2 (Partner AS2, plain and TLS); st-lb-pesit (Partner PeSIT (plain, SSL, pTCP))"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-lb-from-partners-v6"
  network       = "st-prod-dmz"
  priority      = 30000
  project       = "st-firewall-prod"
  source_ranges = ["::/0"]
  target_tags   = ["st-prod-st-lb"]

  allow {
    ports    = ["20-21", "80", "443", "10022", "10080", "10443", "17617", "17627", "17637", "19617", "19627", "30000-30099"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_server_from_admin_host" {
  description   = "Catalog securetransport: st-admin-tool-https (Administration Tool (HTTPS))"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-server-from-admin-host"
  network       = "st-prod-vpc"
  priority      = 6000
  project       = "st-firewall-prod"
  source_ranges = ["10.30.0.10/32", "10.30.0.11/32"]
  target_tags   = ["st-prod-st-server"]

  allow {
    ports    = ["444"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_server_from_st_server" {
  description = "Catalog securetransport: st-cluster-cache-tcp (Enterprise cluster cache (TCP) between servers); st-cluster-cache-udp (Enterprise cluster cache (UDP) between servers); st-snmp (SNMP); st-cluster-cache-mgmt-tcp (Cluster cache management); st-cluster-cache-mgmt-udp (Cluster cache management); st-cluster-listener (Cluster Listener); st-tm-jmx (TM JMX Port); st-ssh-admin (SSH for Administration); st-tomcat-shutdown (Tomcat shutdown port); st-tomcat-jk (Tomcat JK connector); st-admin-tool (Administration Tool); st-coherence (Coherence); st-hibernate-cache (Hibernate second-level cache); st-icmp-cluster (Allow all ICMP traffic for Cluster communication)"
  direction   = "INGRESS"
  name        = "st-prod-in-allow-st-server-from-st-server"
  network     = "st-prod-vpc"
  priority    = 4000
  project     = "st-firewall-prod"
  source_tags = ["st-prod-st-server"]
  target_tags = ["st-prod-st-server"]

  allow {
    ports    = ["7", "22", "80", "443", "7800-7802", "8005", "8009", "8088-8093", "9999", "20444", "44431"]
    protocol = "tcp"
  }

  allow {
    ports    = ["8088-8093", "10022"]
    protocol = "udp"
  }

  allow {
    protocol = "icmp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_storage_from_admin_host" {
  description   = "Catalog securetransport: st-storage-admin-ssh (SSH administration of the storage nodes)"
  direction     = "INGRESS"
  name          = "st-prod-in-allow-st-storage-from-admin-host"
  network       = "st-prod-vpc"
  priority      = 22000
  project       = "st-firewall-prod"
  source_ranges = ["10.30.0.10/32", "10.30.0.11/32"]
  target_tags   = ["st-prod-st-storage"]

  allow {
    ports    = ["22"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_storage_from_st_server" {
  description = "Catalog securetransport: st-storage-access-in (Servers to GlusterFS (portmapper, NFS, glusterd, bricks))"
  direction   = "INGRESS"
  name        = "st-prod-in-allow-st-storage-from-st-server"
  network     = "st-prod-vpc"
  priority    = 16000
  project     = "st-firewall-prod"
  source_tags = ["st-prod-st-server"]
  target_tags = ["st-prod-st-storage"]

  allow {
    ports    = ["111", "2049", "24007", "49152-49251"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_allow_st_storage_from_st_storage" {
  description = "Catalog securetransport: st-storage-peers-in (GlusterFS nodes to each other (replication))"
  direction   = "INGRESS"
  name        = "st-prod-in-allow-st-storage-from-st-storage"
  network     = "st-prod-vpc"
  priority    = 18000
  project     = "st-firewall-prod"
  source_tags = ["st-prod-st-storage"]
  target_tags = ["st-prod-st-storage"]

  allow {
    ports    = ["111", "2049", "24007", "49152-49251"]
    protocol = "tcp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_deny_st_server_from_any" {
  description   = "Catalog securetransport: st-deny-all-tcp (Deny all TCP Traffic); st-deny-all-udp (Deny all UDP traffic)"
  direction     = "INGRESS"
  name          = "st-prod-in-deny-st-server-from-any"
  network       = "st-prod-vpc"
  priority      = 8000
  project       = "st-firewall-prod"
  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["st-prod-st-server"]

  deny {
    protocol = "tcp"
  }

  deny {
    protocol = "udp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "st_prod_in_deny_st_server_from_any_v6" {
  description   = "Catalog securetransport: st-deny-all-tcp (Deny all TCP Traffic); st-deny-all-udp (Deny all UDP traffic)"
  direction     = "INGRESS"
  name          = "st-prod-in-deny-st-server-from-any-v6"
  network       = "st-prod-vpc"
  priority      = 10000
  project       = "st-firewall-prod"
  source_ranges = ["::/0"]
  target_tags   = ["st-prod-st-server"]

  deny {
    protocol = "tcp"
  }

  deny {
    protocol = "udp"
  }

  log_config {
    metadata = "INCLUDE_ALL_METADATA"
  }
}
