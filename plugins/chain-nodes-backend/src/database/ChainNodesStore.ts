import { ChainNodeState } from '@internal/plugin-chain-nodes-common';

/** One stored probe result. Times are unix milliseconds. */
export interface ProbeRecord {
  nodeRef: string;
  probedAt: number;
  state: Exclude<ChainNodeState, 'unknown'>;
  reasons: string[];
  latencyMs?: number;
  chainId?: number;
  blockNumber?: number;
  chainHead?: number;
  blocksBehind?: number;
  peerCount?: number | null;
  syncing?: boolean;
  blockAgeSeconds?: number;
}

/** Latest probe plus hysteresis bookkeeping of one node. */
export interface NodeStatusRecord {
  nodeRef: string;
  observedState: ChainNodeState;
  observedSince: number;
  observedCount: number;
  confirmedState: ChainNodeState;
  confirmedSince: number;
  lastProbeAt: number;
  /** Serializable details of the latest probe (observation, evaluation, server). */
  lastResult: unknown;
}

export interface StateChangeRecord {
  nodeRef: string;
  at: number;
  fromState: ChainNodeState;
  toState: ChainNodeState;
  reasons: string[];
}

/** An hourly roll-up, or a thinned stretch of raw probes. */
export interface HistoryBucket {
  at: number;
  samples: number;
  healthySamples: number;
  avgBlocksBehind: number | null;
  avgPeerCount: number | null;
  avgLatencyMs: number | null;
}

/** Persistence of probe results, node status, events and roll-ups. */
export interface ChainNodesStore {
  /** Stores one probe cycle atomically. */
  recordCycle(cycle: {
    probes: ProbeRecord[];
    statuses: NodeStatusRecord[];
    events: StateChangeRecord[];
  }): Promise<void>;
  getStatuses(nodeRefs?: string[]): Promise<NodeStatusRecord[]>;
  getEvents(
    nodeRef: string,
    options: { limit: number },
  ): Promise<StateChangeRecord[]>;
  /** Probes in [from, now]: how many, how many not down, how many healthy, and when the first was taken; null without data. */
  getUptime(nodeRef: string, from: number): Promise<UptimeRecord | null>;
  /** Raw probes since `from`, oldest first, averaged into at most `maxPoints`. */
  getRawHistory(
    nodeRef: string,
    from: number,
    maxPoints: number,
  ): Promise<HistoryBucket[]>;
  /** Hourly roll-ups since `from`, oldest first. */
  getRollupHistory(nodeRef: string, from: number): Promise<HistoryBucket[]>;
  /** Rolls raw probes of completed hours before `now` into hourly roll-ups. */
  rollUp(now: number): Promise<{ hours: number }>;
  /** Deletes history older than the given times; never raw probes not yet rolled up. */
  prune(before: { raw: number; rollups: number; events: number }): Promise<{
    raw: number;
    rollups: number;
    events: number;
  }>;
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown, now: number): Promise<void>;
}

/**
 * Probe counts of one window. `firstAt` is the first probe in the window (to
 * the hour where the history is rolled up), so uptime can be stated over the
 * time actually observed rather than the whole window.
 */
export interface UptimeRecord {
  samples: number;
  up: number;
  healthy: number;
  firstAt: number;
}
