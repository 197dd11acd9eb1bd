# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "security_group_ids" {
  description = "Security group id per catalog role: attach these to the role's instances."
  value = {
    "st-server" = aws_security_group.st_server.id
  }
}
