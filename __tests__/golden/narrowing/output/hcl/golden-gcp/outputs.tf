# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "network_tags" {
  description = "Network tag per catalog role: add it to the role's instances."
  value = {
    db  = "gold-golden-db"
    web = "gold-golden-web"
  }
}
