# What every environment's apps unit shares; envs/<env>/apps/terragrunt.hcl
# includes it after root.hcl and sets only what differs (gitops_revision).

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  source = "${get_repo_root()}/infra//terraform/modules/platform-apps"
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

# Argo CD's pods and the teams' workloads need Karpenter capacity first
dependencies {
  paths = ["${get_terragrunt_dir()}/../karpenter"]
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
  environment     = local.env.environment
  cluster_name    = dependency.eks.outputs.cluster_name
  gitops_repo_url = "https://github.com/casino-platform/casino-platform.git"
}
