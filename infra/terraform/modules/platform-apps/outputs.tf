################################################################################
# Argo CD
################################################################################

output "argocd_namespace" {
  description = "Namespace Argo CD runs in"
  value       = try(helm_release.argocd[0].namespace, null)
}

output "argocd_chart_version" {
  description = "Argo CD chart version installed"
  value       = try(helm_release.argocd[0].version, null)
}

output "applicationset_name" {
  description = "Name of the ApplicationSet that deploys the teams' services"
  value       = try(kubectl_manifest.applicationset[0].name, null)
}

################################################################################
# External Secrets
################################################################################

output "external_secrets_namespace" {
  description = "Namespace the External Secrets Operator runs in"
  value       = try(helm_release.external_secrets[0].namespace, null)
}
