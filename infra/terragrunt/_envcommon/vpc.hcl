# What every environment's vpc unit shares; envs/<env>/vpc/terragrunt.hcl
# includes it after root.hcl and sets only what differs.
#
# An included file cannot see root.hcl's locals, so it reads env.hcl itself
# (find_in_parent_folders and get_terragrunt_dir work from the including unit).

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
}

terraform {
  # infra// : Terragrunt copies all of infra/ (platform-apps reads infra/argocd)
  source = "${get_repo_root()}/infra//terraform/modules/vpc"
}

inputs = {
  name         = local.env.cluster_name
  cluster_name = local.env.cluster_name
  cidr         = local.env.vpc_cidr
  azs          = local.env.azs
}
