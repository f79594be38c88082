terraform {
  required_version = ">= 1.5.7"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.15"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
    # kubectl_manifest applies NodePools in the same run that installs their
    # CRDs (kubernetes_manifest needs the CRDs at plan time)
    kubectl = {
      source  = "alekc/kubectl"
      version = "~> 2.1"
    }
  }
}
