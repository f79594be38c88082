################################################################################
# EC2NodeClass and NodePools
################################################################################

locals {
  manifests = {
    for name in var.node_pools : name => templatefile("${var.manifests_dir}/${name}.yaml", {
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
