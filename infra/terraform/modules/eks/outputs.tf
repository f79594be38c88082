################################################################################
# Cluster
################################################################################

output "cluster_name" {
  description = "Name of the EKS cluster"
  value       = try(module.eks.cluster_name, null)
}

output "cluster_arn" {
  description = "ARN of the EKS cluster"
  value       = try(module.eks.cluster_arn, null)
}

output "cluster_endpoint" {
  description = "Endpoint of the Kubernetes API server"
  value       = try(module.eks.cluster_endpoint, null)
}

output "cluster_certificate_authority_data" {
  description = "Base64 encoded CA certificate of the cluster"
  value       = try(module.eks.cluster_certificate_authority_data, null)
}

output "cluster_version" {
  description = "Kubernetes version of the cluster"
  value       = try(module.eks.cluster_version, null)
}

output "oidc_provider_arn" {
  description = "ARN of the cluster's OIDC provider, for IRSA"
  value       = try(module.eks.oidc_provider_arn, null)
}

################################################################################
# Security groups
################################################################################

output "cluster_security_group_id" {
  description = "ID of the cluster security group"
  value       = try(module.eks.cluster_security_group_id, null)
}

output "node_security_group_id" {
  description = "ID of the node security group shared by the system nodes and Karpenter nodes"
  value       = try(module.eks.node_security_group_id, null)
}

################################################################################
# System node group
################################################################################

output "system_node_group_iam_role_arn" {
  description = "IAM role ARN of the system node group"
  value       = try(module.eks.eks_managed_node_groups["system"].iam_role_arn, null)
}
