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

output "vpc_ids" {
  description = "VPC id per catalog role, as aws.placement places it: launch the role's instances there."
  value = {
    "st-db"      = "vpc-0c3d4e5f607182930"
    "st-edge"    = "vpc-0d4e5f60718293a4b"
    "st-lb"      = "vpc-0d4e5f60718293a4b"
    "st-server"  = "vpc-0c3d4e5f607182930"
    "st-storage" = "vpc-0c3d4e5f607182930"
  }
}
