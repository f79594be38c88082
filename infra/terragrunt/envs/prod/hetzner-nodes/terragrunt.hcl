include "root" {
  path = find_in_parent_folders("root.hcl")
}

# The module, dependencies and providers every environment shares
include "envcommon" {
  path           = "${dirname(find_in_parent_folders("root.hcl"))}/_envcommon/hetzner-nodes.hcl"
  expose         = true
  merge_strategy = "deep"
}
