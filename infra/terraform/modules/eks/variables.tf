variable "create" {
  description = "Controls if the cluster and all its resources are created"
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}

################################################################################
# Cluster
################################################################################

variable "name" {
  description = "Name of the EKS cluster (e.g. `casino-dev`)"
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,98}[a-z0-9]$", var.name))
    error_message = "The name must be lowercase letters, digits or dashes, starting with a letter (EKS allows up to 100 characters)."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane"
  type        = string
  default     = "1.34"

  validation {
    condition     = can(regex("^1\\.(3[2-4])$", var.kubernetes_version))
    error_message = "The kubernetes_version must be a minor version EKS supports in standard support, 1.32 to 1.34 (e.g. \"1.34\")."
  }
}

variable "vpc_id" {
  description = "ID of the VPC the cluster runs in (output `vpc_id` of the vpc module)"
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the nodes (output `private_subnets` of the vpc module)"
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Give at least two private subnets, in different availability zones."
  }
}

variable "control_plane_subnet_ids" {
  description = "Subnets for the control plane ENIs (output `intra_subnets` of the vpc module)"
  type        = list(string)
  default     = []
}

variable "endpoint_public_access" {
  description = "Expose the Kubernetes API publicly (restricted to `endpoint_public_access_cidrs`)"
  type        = bool
  default     = false
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach a public API endpoint"
  type        = list(string)
  default     = []
}

variable "access_entries" {
  description = "Extra IAM principals with cluster access; see the eks module's `access_entries`"
  type        = any
  default     = {}
}

################################################################################
# System node group
################################################################################

variable "system_node_group" {
  description = "Managed node group for system pods only (CoreDNS, Karpenter, Argo CD); everything else runs on Karpenter nodes"
  type = object({
    instance_types = optional(list(string), ["m7g.large"])
    ami_type       = optional(string, "BOTTLEROCKET_ARM_64")
    min_size       = optional(number, 2)
    max_size       = optional(number, 4)
    desired_size   = optional(number, 2)
  })
  default = {}

  validation {
    condition     = var.system_node_group.min_size >= 2 && var.system_node_group.min_size <= var.system_node_group.desired_size && var.system_node_group.desired_size <= var.system_node_group.max_size
    error_message = "The system node group needs min_size >= 2 (the Karpenter controller runs 2 replicas) and min_size <= desired_size <= max_size."
  }

  validation {
    condition     = contains(["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"], var.system_node_group.ami_type)
    error_message = "The system_node_group.ami_type must be one of AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, BOTTLEROCKET_x86_64, BOTTLEROCKET_ARM_64, and match the instance types' architecture."
  }
}
