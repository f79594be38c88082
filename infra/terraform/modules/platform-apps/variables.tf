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
