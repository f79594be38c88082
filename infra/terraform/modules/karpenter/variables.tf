variable "create" {
  description = "Controls if Karpenter and all its resources are created"
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every AWS resource"
  type        = map(string)
  default     = {}
}

################################################################################
# Cluster
################################################################################

variable "cluster_name" {
  description = "Name of the EKS cluster (output `cluster_name` of the eks module)"
  type        = string
}

variable "cluster_endpoint" {
  description = "Kubernetes API endpoint (output `cluster_endpoint` of the eks module)"
  type        = string
}

################################################################################
# Controller
################################################################################

variable "namespace" {
  description = "Namespace the controller runs in"
  type        = string
  default     = "kube-system"
}

variable "service_account" {
  description = "Service account of the controller; the Pod Identity association binds the IAM role to it"
  type        = string
  default     = "karpenter"
}

variable "chart_version" {
  description = "Version of the karpenter and karpenter-crd Helm charts; keep it in step with the CRDs vendored for validation"
  type        = string
  default     = "1.14.1"

  validation {
    condition     = can(regex("^1\\.[0-9]+\\.[0-9]+$", var.chart_version))
    error_message = "The chart_version must be an exact Karpenter v1 release such as \"1.14.1\" (no ranges: the CRDs must match)."
  }
}

variable "controller_replicas" {
  description = "Controller replicas (leader-elected; 2 survive a node loss)"
  type        = number
  default     = 2

  validation {
    condition     = var.controller_replicas >= 1 && var.controller_replicas <= 3
    error_message = "The controller_replicas must be between 1 and 3."
  }
}

variable "controller_resources" {
  description = "Requests and limits of the controller container"
  type = object({
    cpu    = optional(string, "1")
    memory = optional(string, "1Gi")
  })
  default = {}
}

################################################################################
# Interruption handling
################################################################################

variable "enable_interruption_handling" {
  description = "Create the SQS queue and EventBridge rules that tell Karpenter about spot interruptions, rebalance recommendations, health events and state changes"
  type        = bool
  default     = true
}

variable "queue_kms_master_key_id" {
  description = "KMS key for the interruption queue; null uses SQS-managed encryption"
  type        = string
  default     = null
}

################################################################################
# Node IAM role
################################################################################

variable "node_iam_role_name" {
  description = "Name of the IAM role of Karpenter-launched nodes (the EC2NodeClass `role`); defaults to `KarpenterNode-<cluster_name>`"
  type        = string
  default     = null
}

variable "node_iam_role_additional_policies" {
  description = "Extra managed policies attached to the node role, by a static key"
  type        = map(string)
  default = {
    AmazonSSMManagedInstanceCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }
}

################################################################################
# NodePools
################################################################################

variable "manifests_dir" {
  description = "Directory of the EC2NodeClass and NodePool YAML (`${cluster_name}` and `${node_iam_role_name}` are substituted); the caller passes it (the platform's is infra/kubernetes/karpenter) so the module reads nothing outside itself"
  type        = string

  validation {
    condition     = length(trimspace(var.manifests_dir)) > 0
    error_message = "manifests_dir must name the directory holding the NodePool and EC2NodeClass manifests."
  }
}

variable "node_pools" {
  description = "Which NodePool manifests (file names without .yaml in `manifests_dir`) to apply"
  type        = list(string)
  default     = ["ec2nodeclass-default", "nodepool-graviton", "nodepool-x86"]
}
