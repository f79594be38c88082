################################################################################
# VPC
################################################################################

output "vpc_id" {
  description = "ID of the VPC"
  value       = try(module.vpc.vpc_id, null)
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC"
  value       = try(module.vpc.vpc_cidr_block, null)
}

output "azs" {
  description = "Availability zones the subnets are in"
  value       = try(module.vpc.azs, null)
}

################################################################################
# Subnets
################################################################################

output "private_subnets" {
  description = "IDs of the private subnets (EKS nodes and pods)"
  value       = try(module.vpc.private_subnets, [])
}

output "public_subnets" {
  description = "IDs of the public subnets (internet-facing load balancers)"
  value       = try(module.vpc.public_subnets, [])
}

output "intra_subnets" {
  description = "IDs of the intra subnets without internet route (EKS control plane ENIs)"
  value       = try(module.vpc.intra_subnets, [])
}

################################################################################
# NAT
################################################################################

output "nat_public_ips" {
  description = "Public IPs of the NAT gateways, to allow-list egress at partners (e.g. the Hetzner firewall)"
  value       = try(module.vpc.nat_public_ips, [])
}
