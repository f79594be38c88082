import {
  ChainNodeReconciliation,
  ChainNodeServer,
} from '@internal/plugin-chain-nodes-common';
import { InventoryNode } from './catalogNodes';
import { HetznerServer } from '@internal/hetzner-cloud';

/** What the backend last learned from the Hetzner API (stored between cycles). */
export interface HetznerSnapshot {
  checkedAt: number;
  /** Last successfully read server list; kept when a later read fails. */
  servers?: HetznerServer[];
  /** Why the last read failed, in words. */
  error?: string;
  /** Unix ms before which the API must not be asked again (rate limit). */
  retryAt?: number;
}

/** Servers in Hetzner but not in the catalog, and the reverse (by server id). */
export function reconcile(
  nodes: InventoryNode[],
  snapshot: HetznerSnapshot | undefined,
  hetznerConfigured: boolean,
): ChainNodeReconciliation {
  if (!hetznerConfigured) {
    return { enabled: false, onlyInHetzner: [], onlyInCatalog: [] };
  }
  const base = {
    enabled: true,
    error: snapshot?.error,
    checkedAt: snapshot
      ? new Date(snapshot.checkedAt).toISOString()
      : undefined,
  };
  if (!snapshot?.servers) {
    return {
      ...base,
      error: snapshot?.error ?? 'Hetzner server list not read yet',
      onlyInHetzner: [],
      onlyInCatalog: [],
    };
  }
  const catalogIds = new Set(nodes.map(n => n.annotatedServer.serverId));
  const hetznerIds = new Set(snapshot.servers.map(s => s.id));
  return {
    ...base,
    onlyInHetzner: snapshot.servers
      .filter(s => !catalogIds.has(s.id))
      .map(s => ({
        serverId: s.id,
        name: s.name,
        chain: s.labels.chain,
        environment: s.labels.environment,
        status: s.status,
      })),
    onlyInCatalog: nodes
      .filter(
        n =>
          n.annotatedServer.serverId === undefined ||
          !hetznerIds.has(n.annotatedServer.serverId),
      )
      .map(n => ({
        entityRef: n.entityRef,
        serverId: n.annotatedServer.serverId,
      })),
  };
}

/** The server facts for a node: live from Hetzner when known, else the annotations. */
export function serverFor(
  node: InventoryNode,
  snapshot: HetznerSnapshot | undefined,
): ChainNodeServer {
  const live = snapshot?.servers?.find(
    s => s.id === node.annotatedServer.serverId,
  );
  if (live) {
    return {
      source: 'hetzner-api',
      serverId: live.id,
      name: live.name,
      status: live.status,
      serverType: live.serverType,
      location: live.location,
      datacenter: live.datacenter,
    };
  }
  return { source: 'catalog', ...node.annotatedServer };
}
