variable "create" {
  description = "Controls if the OIDC provider and the push role are created"
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every AWS resource"
  type        = map(string)
  default     = {}
}

################################################################################
# GitHub
################################################################################

variable "github_org" {
  description = "GitHub organisation whose repositories may push images (`casino.scaffolder.github.org`)"
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,38})$", var.github_org))
    error_message = "The github_org must be a GitHub organisation name such as \"casino-platform\"."
  }
}

variable "branch" {
  description = "Only workflows running on this branch may assume the role (the go-service CI pushes from main)"
  type        = string
  default     = "main"
}

variable "create_oidc_provider" {
  description = "Creates the account's IAM OIDC provider for token.actions.githubusercontent.com; false when the account already has one (then set `oidc_provider_arn`)"
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "ARN of an existing GitHub Actions OIDC provider, used when `create_oidc_provider` is false"
  type        = string
  default     = null
}

################################################################################
# Registry
################################################################################

variable "role_name" {
  description = "Name of the IAM role CI assumes; its ARN goes into the GitHub organisation variable `ECR_PUSH_ROLE_ARN`"
  type        = string
  default     = "github-ecr-push"
}

variable "teams" {
  description = "Repository prefixes (`<team>/<service>`) the role may create and push to"
  type        = list(string)
  default     = ["direct", "mono", "protocols", "chains", "listeners"]

  validation {
    condition     = alltrue([for t in var.teams : can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", t))])
    error_message = "Every team must be a DNS-1123 label such as \"direct\"."
  }
}
