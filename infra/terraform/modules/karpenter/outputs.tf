################################################################################
# Controller IAM role
################################################################################

output "iam_role_name" {
  description = "Name of the controller IAM role"
  value       = try(aws_iam_role.controller[0].name, null)
}

output "iam_role_arn" {
  description = "ARN of the controller IAM role"
  value       = try(aws_iam_role.controller[0].arn, null)
}

################################################################################
# Interruption queue
################################################################################

output "queue_name" {
  description = "Name of the interruption SQS queue"
  value       = try(aws_sqs_queue.this[0].name, null)
}

output "queue_arn" {
  description = "ARN of the interruption SQS queue"
  value       = try(aws_sqs_queue.this[0].arn, null)
}

output "event_rules" {
  description = "EventBridge rules feeding the interruption queue, by event"
  value       = { for k, v in aws_cloudwatch_event_rule.this : k => v.name }
}

################################################################################
# Node IAM role
################################################################################

output "node_iam_role_name" {
  description = "Name of the node IAM role (the EC2NodeClass `role`)"
  value       = try(aws_iam_role.node[0].name, null)
}

output "node_iam_role_arn" {
  description = "ARN of the node IAM role"
  value       = try(aws_iam_role.node[0].arn, null)
}

################################################################################
# Helm release and NodePools
################################################################################

output "chart_version" {
  description = "Karpenter chart version installed"
  value       = try(helm_release.this[0].version, null)
}

output "node_pools" {
  description = "Names of the NodePool and EC2NodeClass manifests applied"
  value       = keys(kubectl_manifest.node_pools)
}
