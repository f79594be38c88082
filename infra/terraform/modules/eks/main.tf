module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.8.0"

  create = var.create

  name               = var.name
  kubernetes_version = var.kubernetes_version

  vpc_id                   = var.vpc_id
  subnet_ids               = var.subnet_ids
  control_plane_subnet_ids = length(var.control_plane_subnet_ids) > 0 ? var.control_plane_subnet_ids : var.subnet_ids

  endpoint_private_access      = true
  endpoint_public_access       = var.endpoint_public_access
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs

  # The identity running Terraform installs Karpenter and Argo CD right after
  enable_cluster_creator_admin_permissions = true
  access_entries                           = var.access_entries

  enabled_log_types = ["api", "audit", "authenticator"]

  addons = {
    coredns = {}
    eks-pod-identity-agent = {
      before_compute = true
    }
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
      configuration_values = jsonencode({
        env = {
          # More pods per node on the large Karpenter instances
          ENABLE_PREFIX_DELEGATION = "true"
        }
      })
    }
  }

  eks_managed_node_groups = {
    system = {
      ami_type       = var.system_node_group.ami_type
      instance_types = var.system_node_group.instance_types
      capacity_type  = "ON_DEMAND"

      min_size     = var.system_node_group.min_size
      max_size     = var.system_node_group.max_size
      desired_size = var.system_node_group.desired_size

      labels = {
        role = "system"
        # The Karpenter chart's nodeSelector: it must not run on nodes it manages
        "karpenter.sh/controller" = "true"
      }

      # Only pods that tolerate this land here: system add-ons, Karpenter, Argo CD
      taints = {
        critical_addons_only = {
          key    = "CriticalAddonsOnly"
          value  = "true"
          effect = "NO_SCHEDULE"
        }
      }
    }
  }

  node_security_group_tags = {
    # Karpenter's EC2NodeClass selects the node security group by this tag
    "karpenter.sh/discovery" = var.name
  }

  tags = var.tags
}
