import { ChainNodeStatus } from '@internal/plugin-chain-nodes-common';

/**
 * Why a node costs money without serving, or undefined. Hetzner bills a
 * server for as long as it exists, running or off, so a down node whose
 * server the Hetzner API still lists is paid for and useless — worth a flag
 * on its own, apart from the health reasons.
 */
export function billedWhileDown(node: ChainNodeStatus): string | undefined {
  if (node.state !== 'down') return undefined;
  if (node.server.source !== 'hetzner-api' || !node.server.serverId) {
    return undefined;
  }
  return `Billed while down: Hetzner server #${node.server.serverId} (${
    node.server.status ?? 'status unknown'
  }) is charged whether it runs or not`;
}
