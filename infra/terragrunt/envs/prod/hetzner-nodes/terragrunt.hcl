include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

terraform {
  source = "${include.root.locals.modules_dir}/hetzner-nodes"
}

# Hetzner instead of AWS: replaces the root's "provider" block. The token comes
# from HCLOUD_TOKEN (Vault-injected in CI), never from the repository.
generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<-EOF
    provider "hcloud" {}
  EOF
}

dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    nat_public_ips = ["203.0.113.10"]
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}

inputs = {
  environment = include.root.locals.environment

  # One entry per node, keyed by node name. The portal's "Add chain node"
  # template appends to nodes.yaml in a pull request.
  nodes = yamldecode(file("${get_terragrunt_dir()}/nodes.yaml"))

  # Only the EKS cluster's NAT gateways may call the nodes' JSON-RPC
  rpc_allowed_cidrs = [for ip in dependency.vpc.outputs.nat_public_ips : "${ip}/32"]
  ssh_allowed_cidrs = ["198.51.100.0/24"]
}
