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
  partition  = try(data.aws_partition.current[0].partition, "aws")
  region     = try(data.aws_region.current[0].region, "")
  account_id = try(data.aws_caller_identity.current[0].account_id, "")

  node_iam_role_name = coalesce(var.node_iam_role_name, "KarpenterNode-${var.cluster_name}")
  queue_name         = "Karpenter-${var.cluster_name}"
}

################################################################################
# Controller IAM role (EKS Pod Identity)
################################################################################

data "aws_iam_policy_document" "controller_assume_role" {
  count = var.create ? 1 : 0

  statement {
    sid     = "PodIdentity"
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "controller" {
  count = var.create ? 1 : 0

  name_prefix           = "KarpenterController-"
  description           = "Karpenter controller of EKS cluster ${var.cluster_name}"
  assume_role_policy    = data.aws_iam_policy_document.controller_assume_role[0].json
  force_detach_policies = true

  tags = var.tags
}

resource "aws_iam_role_policy" "controller" {
  count = var.create ? 1 : 0

  name_prefix = "KarpenterController-"
  role        = aws_iam_role.controller[0].name
  policy      = data.aws_iam_policy_document.controller[0].json
}

resource "aws_eks_pod_identity_association" "this" {
  count = var.create ? 1 : 0

  cluster_name    = var.cluster_name
  namespace       = var.namespace
  service_account = var.service_account
  role_arn        = aws_iam_role.controller[0].arn

  tags = var.tags
}

################################################################################
# Interruption queue and EventBridge rules
################################################################################

locals {
  enable_interruption_handling = var.create && var.enable_interruption_handling

  interruption_events = {
    health_event = {
      name        = "HealthEvent"
      description = "Karpenter interrupt - AWS health event"
      pattern     = { source = ["aws.health"], detail-type = ["AWS Health Event"] }
    }
    spot_interrupt = {
      name        = "SpotInterrupt"
      description = "Karpenter interrupt - EC2 spot instance interruption warning"
      pattern     = { source = ["aws.ec2"], detail-type = ["EC2 Spot Instance Interruption Warning"] }
    }
    instance_rebalance = {
      name        = "InstanceRebalance"
      description = "Karpenter interrupt - EC2 instance rebalance recommendation"
      pattern     = { source = ["aws.ec2"], detail-type = ["EC2 Instance Rebalance Recommendation"] }
    }
    instance_state_change = {
      name        = "InstanceStateChange"
      description = "Karpenter interrupt - EC2 instance state-change notification"
      pattern     = { source = ["aws.ec2"], detail-type = ["EC2 Instance State-change Notification"] }
    }
  }
}

resource "aws_sqs_queue" "this" {
  count = local.enable_interruption_handling ? 1 : 0

  name = local.queue_name
  # Interruption notices are only useful for the two minutes before reclaim
  message_retention_seconds = 300
  sqs_managed_sse_enabled   = var.queue_kms_master_key_id == null ? true : null
  kms_master_key_id         = var.queue_kms_master_key_id

  tags = var.tags
}

data "aws_iam_policy_document" "queue" {
  count = local.enable_interruption_handling ? 1 : 0

  statement {
    sid       = "EventBridgeWrite"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this[0].arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "sqs.amazonaws.com"]
    }
  }

  statement {
    sid       = "DenyHTTP"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.this[0].arn]

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  count = local.enable_interruption_handling ? 1 : 0

  queue_url = aws_sqs_queue.this[0].url
  policy    = data.aws_iam_policy_document.queue[0].json
}

resource "aws_cloudwatch_event_rule" "this" {
  for_each = { for k, v in local.interruption_events : k => v if local.enable_interruption_handling }

  name_prefix   = "Karpenter${each.value.name}-"
  description   = each.value.description
  event_pattern = jsonencode(each.value.pattern)

  tags = merge(var.tags, { ClusterName = var.cluster_name })
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = { for k, v in local.interruption_events : k => v if local.enable_interruption_handling }

  rule      = aws_cloudwatch_event_rule.this[each.key].name
  target_id = "KarpenterInterruptionQueueTarget"
  arn       = aws_sqs_queue.this[0].arn
}

################################################################################
# Node IAM role (used by the instances Karpenter launches)
################################################################################

data "aws_iam_policy_document" "node_assume_role" {
  count = var.create ? 1 : 0

  statement {
    sid     = "EKSNodeAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "node" {
  count = var.create ? 1 : 0

  # Fixed name: the EC2NodeClass refers to it by name
  name                  = local.node_iam_role_name
  description           = "Nodes launched by Karpenter in EKS cluster ${var.cluster_name}"
  assume_role_policy    = data.aws_iam_policy_document.node_assume_role[0].json
  force_detach_policies = true

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = { for k, v in merge(
    {
      AmazonEKSWorkerNodePolicy          = "arn:${local.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy"
      AmazonEKS_CNI_Policy               = "arn:${local.partition}:iam::aws:policy/AmazonEKS_CNI_Policy"
      AmazonEC2ContainerRegistryPullOnly = "arn:${local.partition}:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"
    },
    var.node_iam_role_additional_policies,
  ) : k => v if var.create }

  role       = aws_iam_role.node[0].name
  policy_arn = each.value
}

# Lets the nodes join the cluster without editing aws-auth
resource "aws_eks_access_entry" "node" {
  count = var.create ? 1 : 0

  cluster_name  = var.cluster_name
  principal_arn = aws_iam_role.node[0].arn
  type          = "EC2_LINUX"

  tags = var.tags
}
