include "root" {
  path = find_in_parent_folders("root.hcl")
}

# The module, dependencies and providers every environment shares
include "envcommon" {
  path           = "${dirname(find_in_parent_folders("root.hcl"))}/_envcommon/eks.hcl"
  expose         = true
  merge_strategy = "deep"
}

inputs = {
  endpoint_public_access = false
  system_node_group      = { instance_types = ["m7g.xlarge"], desired_size = 3, min_size = 3, max_size = 6 }
}
