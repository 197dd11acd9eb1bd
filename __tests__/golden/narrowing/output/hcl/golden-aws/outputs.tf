# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "security_group_ids" {
  description = "Security group id per catalog role: attach these to the role's instances."
  value = {
    db  = aws_security_group.db.id
    web = aws_security_group.web.id
  }
}
