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

################################################################################
# cert-manager and the ClusterIssuer the generic chart's Ingresses name
################################################################################

resource "helm_release" "cert_manager" {
  count = var.create ? 1 : 0

  name             = "cert-manager"
  namespace        = "cert-manager"
  create_namespace = true
  repository       = "https://charts.jetstack.io"
  chart            = "cert-manager"
  version          = var.cert_manager_chart_version

  values = [yamlencode(merge(local.system_placement, {
    crds       = { enabled = true }
    webhook    = local.system_placement
    cainjector = local.system_placement
  }))]
}

# ACME (Let's Encrypt) with HTTP-01 through the ingress class the chart
# uses; infra/helm/app sets cert-manager.io/cluster-issuer to this name.
resource "kubectl_manifest" "cluster_issuer" {
  count = var.create ? 1 : 0

  yaml_body = yamlencode({
    apiVersion = "cert-manager.io/v1"
    kind       = "ClusterIssuer"
    metadata   = { name = var.cluster_issuer_name }
    spec = {
      acme = {
        server              = var.acme_server
        email               = var.acme_email
        privateKeySecretRef = { name = "${var.cluster_issuer_name}-account-key" }
        solvers = [{
          http01 = { ingress = { ingressClassName = var.ingress_class_name } }
        }]
      }
    }
  })

  depends_on = [helm_release.cert_manager]
}
