# Generated from the firewall catalog by synth/hcl.ts; edit the catalog, not this file.

output "security_group_ids" {
  description = "Security group id per catalog role: attach these to the role's instances."
  value = {
    "st-db"      = aws_security_group.st_db.id
    "st-edge"    = aws_security_group.st_edge.id
    "st-lb"      = aws_security_group.st_lb.id
    "st-server"  = aws_security_group.st_server.id
    "st-storage" = aws_security_group.st_storage.id
  }
}
