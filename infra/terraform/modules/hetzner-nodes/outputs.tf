################################################################################
# Servers
################################################################################

output "server_ids" {
  description = "Hetzner server IDs by node key"
  value       = { for k, s in hcloud_server.this : k => s.id }
}

output "ipv4_addresses" {
  description = "Public IPv4 addresses by node key"
  value       = { for k, s in hcloud_server.this : k => s.ipv4_address }
}

output "private_ips" {
  description = "Private network IPs by node key"
  value       = { for k, s in hcloud_server.this : k => try(one(s.network).ip, null) }
}

output "rpc_endpoints" {
  description = "JSON-RPC HTTP endpoints on the private network by node key"
  value       = { for k, s in hcloud_server.this : k => try("http://${one(s.network).ip}:${var.rpc_port}", null) }
}

output "ws_endpoints" {
  description = "JSON-RPC WebSocket endpoints on the private network by node key"
  value       = { for k, s in hcloud_server.this : k => try("ws://${one(s.network).ip}:${var.ws_port}", null) }
}

output "nodes" {
  description = "Everything the portal shows about a node, by node key"
  value = { for k, s in hcloud_server.this : k => {
    id           = s.id
    name         = s.name
    chain        = local.nodes[k].chain
    client       = "${local.nodes[k].client} ${local.nodes[k].client_version}"
    location     = s.location
    ipv4_address = s.ipv4_address
    private_ip   = try(one(s.network).ip, null)
    rpc_endpoint = try("http://${one(s.network).ip}:${var.rpc_port}", null)
  } }
}

################################################################################
# Network
################################################################################

output "network_id" {
  description = "ID of the private network"
  value       = try(hcloud_network.this[0].id, null)
}

output "firewall_id" {
  description = "ID of the firewall attached to every node"
  value       = try(hcloud_firewall.this[0].id, null)
}

output "placement_group_ids" {
  description = "Spread placement group IDs by chain"
  value       = { for k, g in hcloud_placement_group.this : k => g.id }
}
