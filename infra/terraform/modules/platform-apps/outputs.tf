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

################################################################################
# cert-manager
################################################################################

output "cert_manager_namespace" {
  description = "Namespace cert-manager runs in"
  value       = try(helm_release.cert_manager[0].namespace, null)
}

output "cluster_issuer_name" {
  description = "ClusterIssuer the generic chart's Ingresses request certificates from"
  value       = try(kubectl_manifest.cluster_issuer[0].name, null)
}
