include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

terraform {
  source = "${include.root.locals.modules_dir}/vpc"
}

inputs = {
  name               = include.root.locals.env.cluster_name
  cluster_name       = include.root.locals.env.cluster_name
  cidr               = include.root.locals.env.vpc_cidr
  azs                = include.root.locals.env.azs
  single_nat_gateway = true
}
