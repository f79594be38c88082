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
  endpoint_public_access = true
  system_node_group      = { desired_size = 2, min_size = 2, max_size = 3 }
}
