data "aws_partition" "current" {
  count = var.create ? 1 : 0
}

data "aws_region" "current" {
  count = var.create ? 1 : 0
}

data "aws_caller_identity" "current" {
  count = var.create ? 1 : 0
}

locals {
  account_id = try(data.aws_caller_identity.current[0].account_id, "")
  partition  = try(data.aws_partition.current[0].partition, "aws")
  region     = try(data.aws_region.current[0].region, "")

  oidc_provider_arn = var.create_oidc_provider ? try(aws_iam_openid_connect_provider.github[0].arn, null) : var.oidc_provider_arn

  team_repositories = [for t in var.teams : "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${t}/*"]
}

################################################################################
# GitHub Actions OIDC provider
################################################################################

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create && var.create_oidc_provider ? 1 : 0

  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]

  tags = var.tags
}

################################################################################
# Push role: the organisation's workflows on the default branch, ECR only
################################################################################

data "aws_iam_policy_document" "assume_role" {
  count = var.create ? 1 : 0

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }

    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_org}/*:ref:refs/heads/${var.branch}"]
    }
  }
}

data "aws_iam_policy_document" "push" {
  count = var.create ? 1 : 0

  statement {
    sid       = "Login"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "CreateAndPushTeamRepositories"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:CreateRepository",
      "ecr:DescribeRepositories",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = local.team_repositories
  }
}

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0

  name               = var.role_name
  description        = "GitHub Actions of ${var.github_org} push service images to ECR (<team>/<service>)"
  assume_role_policy = data.aws_iam_policy_document.assume_role[0].json

  tags = var.tags
}

resource "aws_iam_role_policy" "push" {
  count = var.create ? 1 : 0

  name   = "ecr-push"
  role   = aws_iam_role.this[0].id
  policy = data.aws_iam_policy_document.push[0].json
}
