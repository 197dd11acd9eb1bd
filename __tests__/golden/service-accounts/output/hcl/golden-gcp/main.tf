# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

resource "google_compute_firewall" "acct_golden_eg_allow_batch_to_10_4_0_0_16" {
  description             = "Catalog accounts: batch-to-app (Batch workers reach the application subnet)"
  destination_ranges      = ["10.4.0.0/16"]
  direction               = "EGRESS"
  name                    = "acct-golden-eg-allow-batch-to-10-4-0-0-16"
  network                 = "accounts-vpc"
  priority                = 505
  project                 = "golden-accounts"
  target_service_accounts = ["batch@golden-accounts.iam.gserviceaccount.com"]

  allow {
    ports    = ["8443"]
    protocol = "tcp"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_eg_default_deny_app" {
  description             = "Egress default of role app: deny (catalog accounts)"
  destination_ranges      = ["0.0.0.0/0"]
  direction               = "EGRESS"
  name                    = "acct-golden-eg-default-deny-app"
  network                 = "accounts-vpc"
  priority                = 65534
  project                 = "golden-accounts"
  target_service_accounts = ["app@golden-accounts.iam.gserviceaccount.com"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_eg_default_deny_app_v6" {
  description             = "IPv6 egress of role app: deny (IPv6 is off in environment golden) (catalog accounts)"
  destination_ranges      = ["::/0"]
  direction               = "EGRESS"
  name                    = "acct-golden-eg-default-deny-app-v6"
  network                 = "accounts-vpc"
  priority                = 65534
  project                 = "golden-accounts"
  target_service_accounts = ["app@golden-accounts.iam.gserviceaccount.com"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_eg_default_deny_batch" {
  description             = "Egress default of role batch: deny (catalog accounts)"
  destination_ranges      = ["0.0.0.0/0"]
  direction               = "EGRESS"
  name                    = "acct-golden-eg-default-deny-batch"
  network                 = "accounts-vpc"
  priority                = 65534
  project                 = "golden-accounts"
  target_service_accounts = ["batch@golden-accounts.iam.gserviceaccount.com"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_eg_default_deny_batch_v6" {
  description             = "IPv6 egress of role batch: deny (IPv6 is off in environment golden) (catalog accounts)"
  destination_ranges      = ["::/0"]
  direction               = "EGRESS"
  name                    = "acct-golden-eg-default-deny-batch-v6"
  network                 = "accounts-vpc"
  priority                = 65534
  project                 = "golden-accounts"
  target_service_accounts = ["batch@golden-accounts.iam.gserviceaccount.com"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_in_allow_app_from_batch" {
  description             = "Catalog accounts: app-from-batch (Batch workers call the application)"
  direction               = "INGRESS"
  name                    = "acct-golden-in-allow-app-from-batch"
  network                 = "accounts-vpc"
  priority                = 505
  project                 = "golden-accounts"
  source_service_accounts = ["batch@golden-accounts.iam.gserviceaccount.com"]
  target_service_accounts = ["app@golden-accounts.iam.gserviceaccount.com"]

  allow {
    ports    = ["8443"]
    protocol = "tcp"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_in_allow_app_from_partners_1" {
  description             = "Catalog accounts: app-from-partners (Partners call the application over HTTPS)"
  direction               = "INGRESS"
  name                    = "acct-golden-in-allow-app-from-partners-1"
  network                 = "accounts-vpc"
  priority                = 510
  project                 = "golden-accounts"
  source_ranges           = ["10.100.0.0/24", "10.100.1.0/24", "10.100.2.0/24", "10.100.3.0/24", "10.100.4.0/24", "10.100.5.0/24", "10.100.6.0/24", "10.100.7.0/24", "10.100.8.0/24", "10.100.9.0/24", "10.100.10.0/24", "10.100.11.0/24", "10.100.12.0/24", "10.100.13.0/24", "10.100.14.0/24", "10.100.15.0/24", "10.100.16.0/24", "10.100.17.0/24", "10.100.18.0/24", "10.100.19.0/24", "10.100.20.0/24", "10.100.21.0/24", "10.100.22.0/24", "10.100.23.0/24", "10.100.24.0/24", "10.100.25.0/24", "10.100.26.0/24", "10.100.27.0/24", "10.100.28.0/24", "10.100.29.0/24", "10.100.30.0/24", "10.100.31.0/24", "10.100.32.0/24", "10.100.33.0/24", "10.100.34.0/24", "10.100.35.0/24", "10.100.36.0/24", "10.100.37.0/24", "10.100.38.0/24", "10.100.39.0/24", "10.100.40.0/24", "10.100.41.0/24", "10.100.42.0/24", "10.100.43.0/24", "10.100.44.0/24", "10.100.45.0/24", "10.100.46.0/24", "10.100.47.0/24", "10.100.48.0/24", "10.100.49.0/24", "10.100.50.0/24", "10.100.51.0/24", "10.100.52.0/24", "10.100.53.0/24", "10.100.54.0/24", "10.100.55.0/24", "10.100.56.0/24", "10.100.57.0/24", "10.100.58.0/24", "10.100.59.0/24", "10.100.60.0/24", "10.100.61.0/24", "10.100.62.0/24", "10.100.63.0/24", "10.100.64.0/24", "10.100.65.0/24", "10.100.66.0/24", "10.100.67.0/24", "10.100.68.0/24", "10.100.69.0/24", "10.100.70.0/24", "10.100.71.0/24", "10.100.72.0/24", "10.100.73.0/24", "10.100.74.0/24", "10.100.75.0/24", "10.100.76.0/24", "10.100.77.0/24", "10.100.78.0/24", "10.100.79.0/24", "10.100.80.0/24", "10.100.81.0/24", "10.100.82.0/24", "10.100.83.0/24", "10.100.84.0/24", "10.100.85.0/24", "10.100.86.0/24", "10.100.87.0/24", "10.100.88.0/24", "10.100.89.0/24", "10.100.90.0/24", "10.100.91.0/24", "10.100.92.0/24", "10.100.93.0/24", "10.100.94.0/24", "10.100.95.0/24", "10.100.96.0/24", "10.100.97.0/24", "10.100.98.0/24", "10.100.99.0/24", "10.100.100.0/24", "10.100.101.0/24", "10.100.102.0/24", "10.100.103.0/24", "10.100.104.0/24", "10.100.105.0/24", "10.100.106.0/24", "10.100.107.0/24", "10.100.108.0/24", "10.100.109.0/24", "10.100.110.0/24", "10.100.111.0/24", "10.100.112.0/24", "10.100.113.0/24", "10.100.114.0/24", "10.100.115.0/24", "10.100.116.0/24", "10.100.117.0/24", "10.100.118.0/24", "10.100.119.0/24", "10.100.120.0/24", "10.100.121.0/24", "10.100.122.0/24", "10.100.123.0/24", "10.100.124.0/24", "10.100.125.0/24", "10.100.126.0/24", "10.100.127.0/24", "10.100.128.0/24", "10.100.129.0/24", "10.100.130.0/24", "10.100.131.0/24", "10.100.132.0/24", "10.100.133.0/24", "10.100.134.0/24", "10.100.135.0/24", "10.100.136.0/24", "10.100.137.0/24", "10.100.138.0/24", "10.100.139.0/24", "10.100.140.0/24", "10.100.141.0/24", "10.100.142.0/24", "10.100.143.0/24", "10.100.144.0/24", "10.100.145.0/24", "10.100.146.0/24", "10.100.147.0/24", "10.100.148.0/24", "10.100.149.0/24", "10.100.150.0/24", "10.100.151.0/24", "10.100.152.0/24", "10.100.153.0/24", "10.100.154.0/24", "10.100.155.0/24", "10.100.156.0/24", "10.100.157.0/24", "10.100.158.0/24", "10.100.159.0/24", "10.100.160.0/24", "10.100.161.0/24", "10.100.162.0/24", "10.100.163.0/24", "10.100.164.0/24", "10.100.165.0/24", "10.100.166.0/24", "10.100.167.0/24", "10.100.168.0/24", "10.100.169.0/24", "10.100.170.0/24", "10.100.171.0/24", "10.100.172.0/24", "10.100.173.0/24", "10.100.174.0/24", "10.100.175.0/24", "10.100.176.0/24", "10.100.177.0/24", "10.100.178.0/24", "10.100.179.0/24", "10.100.180.0/24", "10.100.181.0/24", "10.100.182.0/24", "10.100.183.0/24", "10.100.184.0/24", "10.100.185.0/24", "10.100.186.0/24", "10.100.187.0/24", "10.100.188.0/24", "10.100.189.0/24", "10.100.190.0/24", "10.100.191.0/24", "10.100.192.0/24", "10.100.193.0/24", "10.100.194.0/24", "10.100.195.0/24", "10.100.196.0/24", "10.100.197.0/24", "10.100.198.0/24", "10.100.199.0/24", "10.100.200.0/24", "10.100.201.0/24", "10.100.202.0/24", "10.100.203.0/24", "10.100.204.0/24", "10.100.205.0/24", "10.100.206.0/24", "10.100.207.0/24", "10.100.208.0/24", "10.100.209.0/24", "10.100.210.0/24", "10.100.211.0/24", "10.100.212.0/24", "10.100.213.0/24", "10.100.214.0/24", "10.100.215.0/24", "10.100.216.0/24", "10.100.217.0/24", "10.100.218.0/24", "10.100.219.0/24", "10.100.220.0/24", "10.100.221.0/24", "10.100.222.0/24", "10.100.223.0/24", "10.100.224.0/24", "10.100.225.0/24", "10.100.226.0/24", "10.100.227.0/24", "10.100.228.0/24", "10.100.229.0/24", "10.100.230.0/24", "10.100.231.0/24", "10.100.232.0/24", "10.100.233.0/24", "10.100.234.0/24", "10.100.235.0/24", "10.100.236.0/24", "10.100.237.0/24", "10.100.238.0/24", "10.100.239.0/24", "10.100.240.0/24", "10.100.241.0/24", "10.100.242.0/24", "10.100.243.0/24", "10.100.244.0/24", "10.100.245.0/24", "10.100.246.0/24", "10.100.247.0/24", "10.100.248.0/24", "10.100.249.0/24", "10.100.250.0/24", "10.100.251.0/24", "10.100.252.0/24", "10.100.253.0/24", "10.100.254.0/24", "10.100.255.0/24"]
  target_service_accounts = ["app@golden-accounts.iam.gserviceaccount.com"]

  allow {
    ports    = ["443"]
    protocol = "tcp"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_in_allow_app_from_partners_2" {
  description             = "Catalog accounts: app-from-partners (Partners call the application over HTTPS)"
  direction               = "INGRESS"
  name                    = "acct-golden-in-allow-app-from-partners-2"
  network                 = "accounts-vpc"
  priority                = 510
  project                 = "golden-accounts"
  source_ranges           = ["10.101.0.0/24", "10.101.1.0/24", "10.101.2.0/24", "10.101.3.0/24", "10.101.4.0/24", "10.101.5.0/24", "10.101.6.0/24", "10.101.7.0/24", "10.101.8.0/24", "10.101.9.0/24", "10.101.10.0/24", "10.101.11.0/24", "10.101.12.0/24", "10.101.13.0/24", "10.101.14.0/24", "10.101.15.0/24", "10.101.16.0/24", "10.101.17.0/24", "10.101.18.0/24", "10.101.19.0/24", "10.101.20.0/24", "10.101.21.0/24", "10.101.22.0/24", "10.101.23.0/24", "10.101.24.0/24", "10.101.25.0/24", "10.101.26.0/24", "10.101.27.0/24", "10.101.28.0/24", "10.101.29.0/24", "10.101.30.0/24", "10.101.31.0/24", "10.101.32.0/24", "10.101.33.0/24", "10.101.34.0/24", "10.101.35.0/24", "10.101.36.0/24", "10.101.37.0/24", "10.101.38.0/24", "10.101.39.0/24", "10.101.40.0/24", "10.101.41.0/24", "10.101.42.0/24", "10.101.43.0/24"]
  target_service_accounts = ["app@golden-accounts.iam.gserviceaccount.com"]

  allow {
    ports    = ["443"]
    protocol = "tcp"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_in_default_deny_app_v6" {
  description             = "IPv6 ingress of role app: deny (IPv6 is off in environment golden) (catalog accounts)"
  direction               = "INGRESS"
  name                    = "acct-golden-in-default-deny-app-v6"
  network                 = "accounts-vpc"
  priority                = 65534
  project                 = "golden-accounts"
  source_ranges           = ["::/0"]
  target_service_accounts = ["app@golden-accounts.iam.gserviceaccount.com"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "acct_golden_in_default_deny_batch_v6" {
  description             = "IPv6 ingress of role batch: deny (IPv6 is off in environment golden) (catalog accounts)"
  direction               = "INGRESS"
  name                    = "acct-golden-in-default-deny-batch-v6"
  network                 = "accounts-vpc"
  priority                = 65534
  project                 = "golden-accounts"
  source_ranges           = ["::/0"]
  target_service_accounts = ["batch@golden-accounts.iam.gserviceaccount.com"]

  deny {
    protocol = "all"
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}
