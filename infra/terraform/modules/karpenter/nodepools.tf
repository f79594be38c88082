################################################################################
# EC2NodeClass and NodePools
################################################################################

locals {
  # Terragrunt copies infra/ whole (source "...infra//terraform/modules/karpenter"),
  # so the shared manifests are reachable from the module.
  manifests_dir = coalesce(var.manifests_dir, "${path.module}/../../../kubernetes/karpenter")

  manifests = {
    for name in var.node_pools : name => templatefile("${local.manifests_dir}/${name}.yaml", {
      cluster_name       = var.cluster_name
      node_iam_role_name = local.node_iam_role_name
    }) if var.create
  }
}

resource "kubectl_manifest" "node_pools" {
  for_each = local.manifests

  yaml_body = each.value

  # Karpenter validates NodePools with its webhook-free CEL rules, which need the CRDs
  depends_on = [
    helm_release.crd,
    helm_release.this,
  ]
}
