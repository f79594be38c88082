variable "create" {
  description = "Controls if the VPC and all its resources are created"
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource"
  type        = map(string)
  default     = {}
}

################################################################################
# VPC
################################################################################

variable "name" {
  description = "Name of the VPC, usually the cluster name (e.g. `casino-dev`)"
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "The name must be 3-40 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "cidr" {
  description = "IPv4 CIDR block of the VPC; /16 leaves room for 4 large private subnets per AZ"
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr, 0)) && tonumber(split("/", var.cidr)[1]) <= 20
    error_message = "The cidr must be a valid IPv4 CIDR block of /20 or larger."
  }
}

variable "azs" {
  description = "Availability zones to spread the subnets over (at least 2 for a multi-AZ EKS control plane)"
  type        = list(string)

  validation {
    condition     = length(var.azs) >= 2 && length(var.azs) <= 6
    error_message = "Use between 2 and 6 availability zones."
  }
}

variable "cluster_name" {
  description = "EKS cluster that will use the VPC; subnets are tagged so load balancers and Karpenter discover them"
  type        = string
}

################################################################################
# NAT
################################################################################

variable "single_nat_gateway" {
  description = "Use one shared NAT gateway (cheap, for dev) instead of one per AZ (resilient, for prod)"
  type        = bool
  default     = false
}

################################################################################
# Flow logs
################################################################################

variable "enable_flow_log" {
  description = "Send VPC flow logs to CloudWatch (required by the Well-Architected security checks)"
  type        = bool
  default     = true
}

variable "flow_log_retention_in_days" {
  description = "Days to keep flow logs in CloudWatch"
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_in_days)
    error_message = "The flow_log_retention_in_days must be a retention period CloudWatch Logs accepts (e.g. 30, 90, 365)."
  }
}
