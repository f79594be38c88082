################################################################################
# CRDs and controller
################################################################################

# The CRDs come from their own chart so upgrades update them (Helm never
# upgrades a chart's crds/ directory).
resource "helm_release" "crd" {
  count = var.create ? 1 : 0

  name       = "karpenter-crd"
  namespace  = var.namespace
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter-crd"
  version    = var.chart_version
}

resource "helm_release" "this" {
  count = var.create ? 1 : 0

  name       = "karpenter"
  namespace  = var.namespace
  repository = "oci://public.ecr.aws/karpenter"
  chart      = "karpenter"
  version    = var.chart_version
  skip_crds  = true
  wait       = true

  values = [yamlencode({
    replicas = var.controller_replicas
    serviceAccount = {
      name = var.service_account
    }
    settings = {
      clusterName       = var.cluster_name
      clusterEndpoint   = var.cluster_endpoint
      interruptionQueue = local.enable_interruption_handling ? aws_sqs_queue.this[0].name : ""
    }
    # Run on the managed system node group, never on nodes Karpenter manages
    nodeSelector = {
      "karpenter.sh/controller" = "true"
    }
    tolerations = [{
      key      = "CriticalAddonsOnly"
      operator = "Exists"
      effect   = "NoSchedule"
    }]
    dnsPolicy = "Default"
    controller = {
      resources = {
        requests = var.controller_resources
        limits   = var.controller_resources
      }
    }
  })]

  depends_on = [
    helm_release.crd,
    aws_eks_pod_identity_association.this,
  ]
}
