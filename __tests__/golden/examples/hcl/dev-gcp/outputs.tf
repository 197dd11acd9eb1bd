# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "network_tags" {
  description = "Network tag per catalog role: add it to the role's instances."
  value = {
    "st-server" = "st-dev-st-server"
  }
}
