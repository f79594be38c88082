/**
 * Health of a chain node, from best to worst. `unknown` means the node has
 * not been probed yet.
 * @public
 */
export type ChainNodeState = 'healthy' | 'degraded' | 'down' | 'unknown';

/**
 * Health rules of one chain, modelled on Hyperledger Besu's readiness check
 * (`minPeers`, `maxBlocksBehind`).
 * @public
 */
export interface ChainHealthRules {
  /** Chain id every node must report (eth_chainId); unset = not checked. */
  expectedChainId?: number;
  /** Fewer connected peers than this is degraded. 0 disables the check. */
  minPeers: number;
  /** More blocks behind the chain head than this is degraded. */
  maxBlocksBehind: number;
  /** Expected seconds between blocks. */
  blockTimeSeconds: number;
  /** A head block older than maxBlockAgeFactor × blockTimeSeconds is degraded. */
  maxBlockAgeFactor: number;
  /** An RPC round trip slower than this is degraded. */
  maxLatencyMs: number;
}

/**
 * What one probe of a node's JSON-RPC endpoint found. Absent fields were not
 * obtained (the node was unreachable or the call failed).
 * @public
 */
export interface ProbeObservation {
  /** False when the endpoint could not be asked anything at all. */
  reachable: boolean;
  /**
   * Why the node cannot be used, in words: unreachable, timeout, a reply that
   * is not JSON-RPC, eth_chainId or eth_blockNumber unusable.
   */
  error?: string;
  /** Calls that failed without making the node unusable, in words. */
  problems?: string[];
  /** Slowest JSON-RPC round trip of the probe, in milliseconds. */
  latencyMs?: number;
  chainId?: number;
  blockNumber?: number;
  syncing?: boolean;
  /** null: the node does not implement net_peerCount (e.g. Hardhat). */
  peerCount?: number | null;
  clientVersion?: string;
  /** Unix seconds of the latest block. */
  latestBlockTimestamp?: number;
}

/**
 * The Hetzner Cloud server behind a node.
 * @public
 */
export interface ChainNodeServer {
  /** Where the server facts come from. */
  source: 'hetzner-api' | 'catalog';
  serverId?: number;
  name?: string;
  /** Hetzner server status (`running`, `off`, …); unset when not known. */
  status?: string;
  serverType?: string;
  location?: string;
  datacenter?: string;
}

/**
 * Result of evaluating the health rules for one probe.
 * @public
 */
export interface NodeHealthEvaluation {
  state: Exclude<ChainNodeState, 'unknown'>;
  /** Every rule the node breaks, in words; empty when healthy. */
  reasons: string[];
  /** Blocks behind the chain head, when the node's height is known. */
  blocksBehind?: number;
  /** Age of the latest block in seconds, when known. */
  blockAgeSeconds?: number;
}

/**
 * A chain node as shown on the fleet page.
 * @public
 */
export interface ChainNodeStatus {
  entityRef: string;
  name: string;
  title?: string;
  chain: string;
  rpcEndpoint: string;
  owner?: string;
  system?: string;
  server: ChainNodeServer;
  state: ChainNodeState;
  reasons: string[];
  /** ISO time since which the node has been in `state`. */
  stateSince?: string;
  lastProbeAt?: string;
  observation?: ProbeObservation;
  chainHead?: number;
  blocksBehind?: number;
  blockAgeSeconds?: number;
}

/**
 * Differences between the catalog and Hetzner Cloud.
 * @public
 */
export interface ChainNodeReconciliation {
  /** False when no Hetzner token is configured. */
  enabled: boolean;
  /** Why the Hetzner inventory could not be read, in words. */
  error?: string;
  checkedAt?: string;
  /** Servers labelled role=chain-node with no catalog Resource. */
  onlyInHetzner: Array<{
    serverId: number;
    name: string;
    chain?: string;
    environment?: string;
    status: string;
  }>;
  /** Catalog chain nodes whose Hetzner server id is not in Hetzner. */
  onlyInCatalog: Array<{ entityRef: string; serverId?: number }>;
}

/** Response of `GET /nodes`. @public */
export interface ChainNodeFleet {
  nodes: ChainNodeStatus[];
  chainHeads: Record<string, number>;
  reconciliation: ChainNodeReconciliation;
  generatedAt: string;
}

/**
 * Uptime of one window, over the time the node was actually observed in it
 * (a node first probed 37 minutes ago has 37 minutes of uptime to report,
 * not 24 hours). @public
 */
export interface ChainNodeUptimeWindow {
  /** Share of probes in which the node answered (healthy or degraded), 0..1. */
  up: number;
  /** Share of probes in which every health rule passed, 0..1. */
  healthy: number;
  /** First probe in the window (to the hour for rolled-up history), ISO. */
  observedFrom: string;
  /** Seconds from `observedFrom` to the time of the answer. */
  observedSeconds: number;
}

/** Uptime per window; null where the node was never probed in it. @public */
export interface ChainNodeUptime {
  '24h': ChainNodeUptimeWindow | null;
  '7d': ChainNodeUptimeWindow | null;
  '30d': ChainNodeUptimeWindow | null;
}

/** A confirmed state change of a node. @public */
export interface ChainNodeEvent {
  at: string;
  fromState: ChainNodeState;
  toState: ChainNodeState;
  reasons: string[];
}

/** One point of a node's history series. @public */
export interface ChainNodeHistoryPoint {
  /** ISO time (probe time, or start of the hour for rolled-up windows). */
  at: string;
  blocksBehind: number | null;
  peerCount: number | null;
  latencyMs: number | null;
  /** Share of probes in the point that were healthy (0..1). */
  healthyShare: number;
}

/** History windows the API serves. @public */
export type ChainNodeHistoryWindow = '1h' | '24h' | '7d' | '30d';

/** Response of `GET /node`. @public */
export interface ChainNodeDetails {
  node: ChainNodeStatus;
  uptime: ChainNodeUptime;
  events: ChainNodeEvent[];
}

/** Response of `GET /node/history`. @public */
export interface ChainNodeHistory {
  entityRef: string;
  window: ChainNodeHistoryWindow;
  points: ChainNodeHistoryPoint[];
}
