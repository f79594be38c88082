# Root configuration included by every unit under envs/<env>/<unit>/, first;
# each unit then includes _envcommon/<unit>.hcl (module, dependencies,
# providers shared by the environments) and sets only what differs.
#
# Named root.hcl rather than terragrunt.hcl: Terragrunt treats every
# terragrunt.hcl as a unit, so a root terragrunt.hcl would be run by
# `terragrunt run --all` as if it were one.

locals {
  env         = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals
  environment = local.env.environment
  aws_region  = local.env.aws_region
  account_id  = local.env.aws_account_id

  tags = {
    Project     = "casino-platform"
    Environment = local.environment
    ManagedBy   = "terragrunt"
    Repository  = "casino-platform"
  }
}

remote_state {
  backend = "s3"

  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }

  config = {
    bucket         = "casino-platform-tfstate-${local.account_id}-${local.aws_region}"
    key            = "${path_relative_to_include()}/terraform.tfstate"
    region         = local.aws_region
    encrypt        = true
    dynamodb_table = "casino-platform-tf-locks"

    s3_bucket_tags      = local.tags
    dynamodb_table_tags = local.tags
  }
}

# AWS provider for every unit; _envcommon/karpenter.hcl and apps.hcl add the
# Kubernetes providers next to it, _envcommon/hetzner-nodes.hcl replaces it.
generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<-EOF
    provider "aws" {
      region              = "${local.aws_region}"
      allowed_account_ids = ["${local.account_id}"]

      default_tags {
        tags = ${jsonencode(local.tags)}
      }
    }
  EOF
}

terraform {
  extra_arguments "retry_lock" {
    commands  = get_terraform_commands_that_need_locking()
    arguments = ["-lock-timeout=5m"]
  }
}

inputs = {
  tags = local.tags
}
