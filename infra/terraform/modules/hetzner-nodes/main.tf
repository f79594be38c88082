locals {
  base_labels = merge(var.labels, {
    role        = "chain-node"
    environment = var.environment
    managed-by  = "terraform"
  })

  chains = var.create ? toset([for n in var.nodes : n.chain]) : toset([])
  # A node without client_version runs its client's pin, never another client's
  nodes = var.create ? {
    for k, n in var.nodes : k => merge(n, {
      client_version = coalesce(n.client_version, var.client_versions[n.client])
    })
  } : {}

  client_images = {
    geth = "ethereum/client-go:v%s"
    bor  = "0xpolygon/bor:%s"
    reth = "ghcr.io/paradigmxyz/reth:v%s"
  }

  # Chain selection flags per chain and client
  chain_flags = {
    ethereum     = { geth = "--mainnet", reth = "--chain mainnet" }
    polygon      = { bor = "--chain mainnet" }
    casino-chain = { geth = "--networkid 7777" }
  }

  client_args = {
    geth = "%s --datadir /data --syncmode full --port ${var.p2p_port} --http --http.addr 0.0.0.0 --http.port ${var.rpc_port} --http.api eth,net,web3,txpool --http.vhosts '*' --ws --ws.addr 0.0.0.0 --ws.port ${var.ws_port} --ws.api eth,net,web3 --metrics --metrics.addr 0.0.0.0 --metrics.port 6060"
    bor  = "server %s --datadir /data --port ${var.p2p_port} --http --http.addr 0.0.0.0 --http.port ${var.rpc_port} --http.api eth,net,web3,txpool,bor --ws --ws.addr 0.0.0.0 --ws.port ${var.ws_port} --metrics"
    reth = "node %s --datadir /data --port ${var.p2p_port} --http --http.addr 0.0.0.0 --http.port ${var.rpc_port} --http.api eth,net,web3,txpool --ws --ws.addr 0.0.0.0 --ws.port ${var.ws_port} --metrics 0.0.0.0:6060"
  }
}

################################################################################
# Private network
################################################################################

resource "hcloud_network" "this" {
  count = var.create ? 1 : 0

  name     = "chain-nodes-${var.environment}"
  ip_range = var.network_ip_range
  labels   = local.base_labels
}

resource "hcloud_network_subnet" "this" {
  count = var.create ? 1 : 0

  network_id   = hcloud_network.this[0].id
  type         = "cloud"
  network_zone = "eu-central"
  ip_range     = var.subnet_ip_range
}

################################################################################
# Firewall
################################################################################

resource "hcloud_firewall" "this" {
  count = var.create ? 1 : 0

  name   = "chain-nodes-${var.environment}"
  labels = local.base_labels

  # Peers must reach us for the node to stay in sync
  rule {
    description = "p2p tcp"
    direction   = "in"
    protocol    = "tcp"
    port        = tostring(var.p2p_port)
    source_ips  = ["0.0.0.0/0", "::/0"]
  }

  rule {
    description = "p2p udp (discovery)"
    direction   = "in"
    protocol    = "udp"
    port        = tostring(var.p2p_port)
    source_ips  = ["0.0.0.0/0", "::/0"]
  }

  dynamic "rule" {
    for_each = length(var.rpc_allowed_cidrs) > 0 ? { http = var.rpc_port, ws = var.ws_port } : {}

    content {
      description = "json-rpc ${rule.key}"
      direction   = "in"
      protocol    = "tcp"
      port        = tostring(rule.value)
      source_ips  = concat(var.rpc_allowed_cidrs, [var.network_ip_range])
    }
  }

  dynamic "rule" {
    for_each = length(var.ssh_allowed_cidrs) > 0 ? [1] : []

    content {
      description = "ssh"
      direction   = "in"
      protocol    = "tcp"
      port        = "22"
      source_ips  = var.ssh_allowed_cidrs
    }
  }
}

################################################################################
# Placement groups (one spread group per chain: replicas on different hosts)
################################################################################

resource "hcloud_placement_group" "this" {
  for_each = local.chains

  name   = "chain-${each.key}-${var.environment}"
  type   = "spread"
  labels = merge(local.base_labels, { chain = each.key })
}

################################################################################
# Servers
################################################################################

resource "hcloud_volume" "this" {
  for_each = local.nodes

  name     = "${each.key}-${var.environment}-data"
  size     = each.value.volume_size
  location = each.value.location
  format   = "ext4"
  labels   = merge(local.base_labels, { chain = each.value.chain, node = each.key })
}

resource "hcloud_server" "this" {
  for_each = local.nodes

  name               = "${each.key}-${var.environment}"
  server_type        = each.value.server_type
  image              = each.value.image
  location           = each.value.location
  placement_group_id = hcloud_placement_group.this[each.value.chain].id
  firewall_ids       = [hcloud_firewall.this[0].id]
  ssh_keys           = var.ssh_key_ids

  labels = merge(local.base_labels, {
    chain  = each.value.chain
    client = each.value.client
    node   = each.key
  })

  user_data = templatefile("${path.module}/templates/cloud-init.yaml.tftpl", {
    chain          = each.value.chain
    client         = each.value.client
    client_version = each.value.client_version
    environment    = var.environment
    rpc_port       = var.rpc_port
    image          = format(local.client_images[each.value.client], each.value.client_version)
    args           = format(local.client_args[each.value.client], local.chain_flags[each.value.chain][each.value.client])
    volume_device  = "/dev/disk/by-id/scsi-0HC_Volume_${hcloud_volume.this[each.key].id}"
  })

  public_net {
    ipv4_enabled = true
    ipv6_enabled = true
  }

  network {
    network_id = hcloud_network.this[0].id
    ip         = each.value.private_ip
  }

  lifecycle {
    # Re-running cloud-init would re-sync the chain from scratch
    ignore_changes = [user_data, image]
  }

  depends_on = [hcloud_network_subnet.this]
}

resource "hcloud_volume_attachment" "this" {
  for_each = local.nodes

  volume_id = hcloud_volume.this[each.key].id
  server_id = hcloud_server.this[each.key].id
  automount = false
}
