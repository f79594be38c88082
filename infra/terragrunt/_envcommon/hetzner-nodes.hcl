# The whole hetzner-nodes unit: envs/<env>/hetzner-nodes/terragrunt.hcl only
# includes root.hcl and this file; what differs per environment is the
# nodes.yaml next to it.

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "${get_repo_root()}/infra//terraform/modules/hetzner-nodes"
}

# Hetzner instead of AWS: replaces the root's "provider" block (this include
# comes after root.hcl in the unit). The token comes from HCLOUD_TOKEN
# (Vault-injected in CI), never from the repository.
generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<-EOF
    provider "hcloud" {}
  EOF
}

dependency "vpc" {
  config_path = "${get_terragrunt_dir()}/../vpc"

  mock_outputs = {
    nat_public_ips = ["203.0.113.10"]
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}

inputs = {
  environment = local.env.environment

  # One entry per node, keyed by node name, from the including unit's folder.
  # The portal's "Add chain node" template appends to nodes.yaml in a pull request.
  nodes = yamldecode(file("${get_terragrunt_dir()}/nodes.yaml"))

  # Only the EKS cluster's NAT gateways may call the nodes' JSON-RPC
  rpc_allowed_cidrs = [for ip in dependency.vpc.outputs.nat_public_ips : "${ip}/32"]
  ssh_allowed_cidrs = ["198.51.100.0/24"]
}
