# What every environment's karpenter unit shares; envs/<env>/karpenter/terragrunt.hcl
# includes it after root.hcl and sets only what differs (node_pools, when an
# environment applies other NodePools than the module's default list).

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "${get_repo_root()}/infra//terraform/modules/karpenter"
}

dependency "eks" {
  config_path = "${get_terragrunt_dir()}/../eks"

  mock_outputs = {
    cluster_name                       = local.env.cluster_name
    cluster_endpoint                   = "https://MOCK.gr7.${local.env.aws_region}.eks.amazonaws.com"
    cluster_certificate_authority_data = "bW9jaw=="
  }
  mock_outputs_allowed_terraform_commands = ["init", "validate", "plan"]
}

# helm and kubectl providers for the cluster, next to root.hcl's aws provider
generate "kubernetes_providers" {
  path      = "kubernetes_providers.tf"
  if_exists = "overwrite_terragrunt"
  contents = templatefile("${get_repo_root()}/infra/terragrunt/_envcommon/kubernetes-providers.tf.tftpl", {
    cluster_endpoint = dependency.eks.outputs.cluster_endpoint
    cluster_ca       = dependency.eks.outputs.cluster_certificate_authority_data
    cluster_name     = dependency.eks.outputs.cluster_name
    aws_region       = local.env.aws_region
  })
}

inputs = {
  cluster_name     = dependency.eks.outputs.cluster_name
  cluster_endpoint = dependency.eks.outputs.cluster_endpoint
  # The module reads its NodePool and EC2NodeClass manifests from here only
  manifests_dir = "${get_repo_root()}/infra/kubernetes/karpenter"
}
