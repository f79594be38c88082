################################################################################
# Registry
################################################################################

output "registry" {
  description = "Registry host the services' images go to (`casino.scaffolder.imageRegistry`)"
  value       = var.create ? "${local.account_id}.dkr.ecr.${local.region}.amazonaws.com" : null
}

################################################################################
# Push role
################################################################################

output "role_arn" {
  description = "ARN of the push role: the GitHub organisation variable `ECR_PUSH_ROLE_ARN`"
  value       = try(aws_iam_role.this[0].arn, null)
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider the role trusts"
  value       = var.create ? local.oidc_provider_arn : null
}
