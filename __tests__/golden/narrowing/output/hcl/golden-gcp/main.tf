# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "google_compute_firewall" "gold_golden_eg_allow_web_to_10_3_0_0_16" {
  description        = "Catalog narrowing: web-to-db (Web servers reach the database subnet)"
  destination_ranges = ["10.3.0.0/16"]
  direction          = "EGRESS"
  name               = "gold-golden-eg-allow-web-to-10-3-0-0-16"
  network            = "golden-vpc"
  priority           = 3000
  project            = "golden-project"
  target_tags        = ["gold-golden-web"]

  allow {
    ports    = ["5432"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_eg_default_deny_web" {
  description        = "Egress default of role web: deny (catalog narrowing)"
  destination_ranges = ["0.0.0.0/0"]
  direction          = "EGRESS"
  name               = "gold-golden-eg-default-deny-web"
  network            = "golden-vpc"
  priority           = 65534
  project            = "golden-project"
  target_tags        = ["gold-golden-web"]

  deny {
    protocol = "all"
  }
}

resource "google_compute_firewall" "gold_golden_eg_default_deny_web_v6" {
  description        = "Egress default of role web: deny (catalog narrowing)"
  destination_ranges = ["::/0"]
  direction          = "EGRESS"
  name               = "gold-golden-eg-default-deny-web-v6"
  network            = "golden-vpc"
  priority           = 65534
  project            = "golden-project"
  target_tags        = ["gold-golden-web"]

  deny {
    protocol = "all"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_db_from_10_2_0_0_16" {
  description   = "Catalog narrowing: db-gre (GRE tunnel from the backup site)"
  direction     = "INGRESS"
  name          = "gold-golden-in-allow-db-from-10-2-0-0-16"
  network       = "golden-vpc"
  priority      = 27000
  project       = "golden-project"
  source_ranges = ["10.2.0.0/16"]
  target_tags   = ["gold-golden-db"]

  allow {
    protocol = "47"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_db_from_office" {
  description   = "Catalog narrowing: db-replication (SCTP replication from the office)"
  direction     = "INGRESS"
  name          = "gold-golden-in-allow-db-from-office"
  network       = "golden-vpc"
  priority      = 23000
  project       = "golden-project"
  source_ranges = ["10.1.0.0/16"]
  target_tags   = ["gold-golden-db"]

  allow {
    protocol = "sctp"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_db_from_office_v6" {
  description   = "Catalog narrowing: db-replication (SCTP replication from the office)"
  direction     = "INGRESS"
  name          = "gold-golden-in-allow-db-from-office-v6"
  network       = "golden-vpc"
  priority      = 25000
  project       = "golden-project"
  source_ranges = ["2001:db8:10::/48"]
  target_tags   = ["gold-golden-db"]

  allow {
    protocol = "sctp"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_db_from_web" {
  description = "Catalog narrowing: db-from-web (PostgreSQL from the web servers)"
  direction   = "INGRESS"
  name        = "gold-golden-in-allow-db-from-web"
  network     = "golden-vpc"
  priority    = 21000
  project     = "golden-project"
  source_tags = ["gold-golden-web"]
  target_tags = ["gold-golden-db"]

  allow {
    ports    = ["5432"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_web_from_any" {
  description   = "Catalog narrowing: web-ping (Ping over IPv4)"
  direction     = "INGRESS"
  name          = "gold-golden-in-allow-web-from-any"
  network       = "golden-vpc"
  priority      = 17000
  project       = "golden-project"
  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["gold-golden-web"]

  allow {
    protocol = "icmp"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_web_from_any_v6" {
  description   = "Catalog narrowing: web-ping-v6 (Ping over IPv6)"
  direction     = "INGRESS"
  name          = "gold-golden-in-allow-web-from-any-v6"
  network       = "golden-vpc"
  priority      = 19000
  project       = "golden-project"
  source_ranges = ["::/0"]
  target_tags   = ["gold-golden-web"]

  allow {
    protocol = "58"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_web_from_legacy" {
  description   = "Catalog narrowing: web-from-legacy (Syslog from the legacy hosts)"
  direction     = "INGRESS"
  name          = "gold-golden-in-allow-web-from-legacy"
  network       = "golden-vpc"
  priority      = 15000
  project       = "golden-project"
  source_ranges = ["192.168.50.0/24"]
  target_tags   = ["gold-golden-web"]

  allow {
    ports    = ["514"]
    protocol = "udp"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_web_from_office" {
  description   = "Catalog narrowing: office-https (HTTPS and the application ports from the office)"
  direction     = "INGRESS"
  name          = "gold-golden-in-allow-web-from-office"
  network       = "golden-vpc"
  priority      = 9000
  project       = "golden-project"
  source_ranges = ["10.1.0.0/16"]
  target_tags   = ["gold-golden-web"]

  allow {
    ports    = ["443", "8000-8010"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_web_from_office_v6" {
  description   = "Catalog narrowing: office-https (HTTPS and the application ports from the office)"
  direction     = "INGRESS"
  name          = "gold-golden-in-allow-web-from-office-v6"
  network       = "golden-vpc"
  priority      = 11000
  project       = "golden-project"
  source_ranges = ["2001:db8:10::/48"]
  target_tags   = ["gold-golden-web"]

  allow {
    ports    = ["443", "8000-8010"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_in_allow_web_from_web" {
  description = "Catalog narrowing: web-cluster (Web servers talk to each other)"
  direction   = "INGRESS"
  name        = "gold-golden-in-allow-web-from-web"
  network     = "golden-vpc"
  priority    = 13000
  project     = "golden-project"
  source_tags = ["gold-golden-web"]
  target_tags = ["gold-golden-web"]

  allow {
    ports    = ["7000"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_in_deny_db_from_any" {
  description   = "Catalog narrowing: db-no-telnet (Telnet stays closed (the default already denies it))"
  direction     = "INGRESS"
  name          = "gold-golden-in-deny-db-from-any"
  network       = "golden-vpc"
  priority      = 29000
  project       = "golden-project"
  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["gold-golden-db"]

  deny {
    ports    = ["23"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_in_deny_db_from_any_v6" {
  description   = "Catalog narrowing: db-no-telnet (Telnet stays closed (the default already denies it))"
  direction     = "INGRESS"
  name          = "gold-golden-in-deny-db-from-any-v6"
  network       = "golden-vpc"
  priority      = 31000
  project       = "golden-project"
  source_ranges = ["::/0"]
  target_tags   = ["gold-golden-db"]

  deny {
    ports    = ["23"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_in_deny_web_from_10_1_99_0_24" {
  description   = "Catalog narrowing: deny-guest-wifi (The office guest network never reaches the web servers)"
  direction     = "INGRESS"
  name          = "gold-golden-in-deny-web-from-10-1-99-0-24"
  network       = "golden-vpc"
  priority      = 3000
  project       = "golden-project"
  source_ranges = ["10.1.99.0/24"]
  target_tags   = ["gold-golden-web"]

  deny {
    ports    = ["443"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_in_deny_web_from_office" {
  description   = "Catalog narrowing: deny-debug-port (The debug port stays closed)"
  direction     = "INGRESS"
  name          = "gold-golden-in-deny-web-from-office"
  network       = "golden-vpc"
  priority      = 5000
  project       = "golden-project"
  source_ranges = ["10.1.0.0/16"]
  target_tags   = ["gold-golden-web"]

  deny {
    ports    = ["8005"]
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "gold_golden_in_deny_web_from_office_v6" {
  description   = "Catalog narrowing: deny-debug-port (The debug port stays closed)"
  direction     = "INGRESS"
  name          = "gold-golden-in-deny-web-from-office-v6"
  network       = "golden-vpc"
  priority      = 7000
  project       = "golden-project"
  source_ranges = ["2001:db8:10::/48"]
  target_tags   = ["gold-golden-web"]

  deny {
    ports    = ["8005"]
    protocol = "tcp"
  }
}
