# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "network_tags" {
  description = "Network tag per catalog role: add it to the role's instances."
  value = {
    app   = "acct-golden-app"
    batch = "acct-golden-batch"
  }
}
