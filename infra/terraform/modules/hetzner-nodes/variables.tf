variable "create" {
  description = "Controls if the chain nodes and their network resources are created"
  type        = bool
  default     = true
}

variable "labels" {
  description = "Extra Hetzner labels on every resource (role, chain and environment are always set)"
  type        = map(string)
  default     = {}
}

variable "environment" {
  description = "Environment the nodes belong to; becomes the `environment` label"
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be one of dev, staging, prod."
  }
}

################################################################################
# Nodes
################################################################################

variable "nodes" {
  description = <<-EOT
    Chain nodes, one entry per server, keyed by a stable name (e.g. `ethereum-1`).
    Adding a node is one new entry; removing an entry destroys that server only.
  EOT
  type = map(object({
    chain          = string
    client         = optional(string, "geth")
    client_version = optional(string) # null: the pin in client_versions
    server_type    = optional(string, "ccx33")
    location       = optional(string, "fsn1")
    image          = optional(string, "ubuntu-24.04")
    volume_size    = optional(number, 500)
    private_ip     = optional(string)
  }))

  validation {
    condition     = alltrue([for k, n in var.nodes : can(regex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$", k))])
    error_message = "Node keys must be 2-32 lowercase letters, digits or dashes, starting with a letter (they become server names)."
  }

  validation {
    condition     = alltrue([for n in var.nodes : contains(["ethereum", "polygon", "casino-chain"], n.chain)])
    error_message = "Each node's chain must be one of ethereum, polygon, casino-chain."
  }

  validation {
    condition     = alltrue([for n in var.nodes : contains(["geth", "bor", "reth"], n.client)])
    error_message = "Each node's client must be one of geth, bor, reth (the clients the cloud-init template can install)."
  }

  validation {
    condition     = alltrue([for n in var.nodes : contains(lookup({ ethereum = ["geth", "reth"], polygon = ["bor"], casino-chain = ["geth"] }, n.chain, []), n.client)])
    error_message = "Each node's client must run its chain: ethereum with geth or reth, polygon with bor, casino-chain with geth."
  }

  validation {
    condition     = alltrue([for n in var.nodes : n.client_version == null || can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", n.client_version))])
    error_message = "Each node's client_version must be an exact release such as \"1.16.7\"."
  }

  validation {
    condition     = alltrue([for n in var.nodes : contains(["fsn1", "nbg1", "hel1"], n.location)])
    error_message = "Each node's location must be in the eu-central network zone: fsn1, nbg1 or hel1."
  }

  validation {
    condition     = alltrue([for n in var.nodes : n.volume_size >= 100 && n.volume_size <= 10240])
    error_message = "Each node's volume_size must be between 100 and 10240 GB."
  }

  # A Hetzner spread placement group holds at most 10 servers
  validation {
    condition     = alltrue([for c in distinct([for n in var.nodes : n.chain]) : length([for n in var.nodes : n if n.chain == c]) <= 10])
    error_message = "At most 10 nodes per chain: each chain's nodes share one spread placement group."
  }
}

variable "client_versions" {
  description = "Pinned release of each chain client, used by every node that sets no client_version (the portal's chain node template writes these pins)"
  type        = map(string)
  default = {
    geth = "1.16.7"
    reth = "1.9.3"
    bor  = "2.5.3"
  }

  validation {
    condition     = alltrue([for c in ["geth", "bor", "reth"] : can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.client_versions[c]))])
    error_message = "The client_versions must pin geth, bor and reth to exact releases such as \"1.16.7\"."
  }
}

variable "ssh_key_ids" {
  description = "Hetzner SSH key IDs or names installed for the `ops` user"
  type        = list(string)
  default     = []
}

################################################################################
# Network
################################################################################

variable "network_ip_range" {
  description = "IP range of the private network"
  type        = string
  default     = "10.100.0.0/16"

  validation {
    condition     = can(cidrhost(var.network_ip_range, 0))
    error_message = "The network_ip_range must be a valid IPv4 CIDR block."
  }
}

variable "subnet_ip_range" {
  description = "Subnet of the private network the nodes are attached to"
  type        = string
  default     = "10.100.1.0/24"

  validation {
    condition     = can(cidrhost(var.subnet_ip_range, 0))
    error_message = "The subnet_ip_range must be a valid IPv4 CIDR block."
  }
}

################################################################################
# Firewall
################################################################################

variable "rpc_allowed_cidrs" {
  description = "Sources allowed to reach the JSON-RPC and WebSocket ports (the EKS NAT gateway IPs, the private network)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.rpc_allowed_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "Each rpc_allowed_cidrs entry must be a CIDR block, and RPC must never be open to 0.0.0.0/0."
  }
}

variable "ssh_allowed_cidrs" {
  description = "Sources allowed to SSH in (bastion or VPN ranges)"
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.ssh_allowed_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "Each ssh_allowed_cidrs entry must be a CIDR block, and SSH must never be open to 0.0.0.0/0."
  }
}

variable "rpc_port" {
  description = "JSON-RPC HTTP port of the chain client"
  type        = number
  default     = 8545
}

variable "ws_port" {
  description = "JSON-RPC WebSocket port of the chain client"
  type        = number
  default     = 8546
}

variable "p2p_port" {
  description = "Peer-to-peer port (TCP and UDP), open to the internet"
  type        = number
  default     = 30303
}
