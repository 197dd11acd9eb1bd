# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

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
