locals {
  # Run the platform controllers on the system node group
  system_placement = {
    nodeSelector = { role = "system" }
    tolerations = [{
      key      = "CriticalAddonsOnly"
      operator = "Exists"
      effect   = "NoSchedule"
    }]
  }
}

################################################################################
# External Secrets Operator (Vault -> Kubernetes Secrets)
################################################################################

resource "helm_release" "external_secrets" {
  count = var.create ? 1 : 0

  name             = "external-secrets"
  namespace        = "external-secrets"
  create_namespace = true
  repository       = "https://charts.external-secrets.io"
  chart            = "external-secrets"
  version          = var.external_secrets_chart_version

  values = [yamlencode(merge(local.system_placement, {
    installCRDs = true
    webhook     = local.system_placement
    certController = merge(local.system_placement, {
      replicaCount = 1
    })
  }))]
}

################################################################################
# Argo CD and the team ApplicationSet
################################################################################

resource "helm_release" "argocd" {
  count = var.create ? 1 : 0

  name             = "argocd"
  namespace        = "argocd"
  create_namespace = true
  repository       = "https://argoproj.github.io/argo-helm"
  chart            = "argo-cd"
  version          = var.argocd_chart_version

  values = [yamlencode({
    global = merge(local.system_placement, {
      additionalLabels = { "casino.io/cluster" = var.cluster_name }
    })
    configs = {
      cm = {
        "application.resourceTrackingMethod" = "annotation"
      }
    }
    controller = {
      replicas = var.environment == "prod" ? 2 : 1
    }
  })]
}

resource "kubectl_manifest" "applicationset" {
  count = var.create ? 1 : 0

  yaml_body = templatefile("${path.module}/../../../argocd/applicationset.yaml", {
    environment     = var.environment
    gitops_repo_url = var.gitops_repo_url
    gitops_revision = var.gitops_revision
  })

  depends_on = [helm_release.argocd]
}
