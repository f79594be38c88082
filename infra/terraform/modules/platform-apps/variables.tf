variable "create" {
  description = "Controls if the platform apps are installed"
  type        = bool
  default     = true
}

variable "environment" {
  description = "Environment name; selects `values-<environment>.yaml` overrides in the ApplicationSet"
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be one of dev, staging, prod."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster (output `cluster_name` of the eks module); only used to label what is installed"
  type        = string
}

################################################################################
# Argo CD
################################################################################

variable "argocd_chart_version" {
  description = "Version of the argo-cd Helm chart"
  type        = string
  default     = "9.1.4"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.argocd_chart_version))
    error_message = "The argocd_chart_version must be an exact chart version such as \"9.1.4\"."
  }
}

variable "gitops_repo_url" {
  description = "Git repository the ApplicationSet reads `infra/apps/<team>/<service>` from"
  type        = string

  validation {
    condition     = can(regex("^(https://|git@)", var.gitops_repo_url))
    error_message = "The gitops_repo_url must be an https:// or git@ repository URL."
  }
}

variable "gitops_revision" {
  description = "Branch or tag of the GitOps repository to deploy"
  type        = string
  default     = "main"
}

################################################################################
# External Secrets
################################################################################

variable "external_secrets_chart_version" {
  description = "Version of the external-secrets Helm chart"
  type        = string
  default     = "1.1.0"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.external_secrets_chart_version))
    error_message = "The external_secrets_chart_version must be an exact chart version such as \"1.1.0\"."
  }
}

################################################################################
# cert-manager
################################################################################

variable "cert_manager_chart_version" {
  description = "Version of the cert-manager Helm chart (jetstack)"
  type        = string
  default     = "v1.19.1"

  validation {
    condition     = can(regex("^v[0-9]+\\.[0-9]+\\.[0-9]+$", var.cert_manager_chart_version))
    error_message = "The cert_manager_chart_version must be an exact chart version such as \"v1.19.1\"."
  }
}

variable "cluster_issuer_name" {
  description = "Name of the ClusterIssuer; the generic chart's `ingress.tls.clusterIssuer` default (`letsencrypt`) must match"
  type        = string
  default     = "letsencrypt"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.cluster_issuer_name))
    error_message = "The cluster_issuer_name must be a DNS-1123 label such as \"letsencrypt\"."
  }
}

variable "acme_server" {
  description = "ACME directory URL; Let's Encrypt production by default (its staging directory for tests)"
  type        = string
  default     = "https://acme-v02.api.letsencrypt.org/directory"

  validation {
    condition     = can(regex("^https://", var.acme_server))
    error_message = "The acme_server must be an https:// ACME directory URL."
  }
}

variable "acme_email" {
  description = "Contact address for the ACME account (expiry notices)"
  type        = string
  default     = "platform@casino.example.com"

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.acme_email))
    error_message = "The acme_email must be an e-mail address."
  }
}

variable "ingress_class_name" {
  description = "Ingress class that answers the HTTP-01 challenges (the generic chart's `ingress.className`)"
  type        = string
  default     = "nginx"
}
