import {
  ClusterSummary,
  PENDING_PODS_SHOWN,
  PendingPod,
} from '@internal/plugin-node-mix-common';
import {
  podIsScheduled,
  podName,
  PodRecord,
  POD_DAEMON,
  POD_DO_NOT_DISRUPT,
} from './podRecord';
import { byString } from './byString';
import { BlockingPdb, matchPdbs } from './pdbs';

/** What the pods on one node add up to (integers: exact in any order). */
export interface NodePods {
  cpuMilli: number;
  memoryBytes: number;
  count: number;
  workload: number;
  doNotDisrupt: Set<string>;
  /** Blocking PDB id → the pods on this node it covers. */
  pdbPods: Map<string, Set<string>>;
}

function emptyNodePods(): NodePods {
  return {
    cpuMilli: 0,
    memoryBytes: 0,
    count: 0,
    workload: 0,
    doNotDisrupt: new Set(),
    pdbPods: new Map(),
  };
}

/**
 * The cluster's pods as sums per node (adjusted per pod added or removed),
 * plus the pending pods and the data problems of the scheduled ones.
 */
export class PodSums {
  /** Scheduled pods' sums by node name; a node without pods has none. */
  readonly byNode = new Map<string, NodePods>();
  /** Pods not placed on a node, by pod id. */
  private readonly pending = new Map<string, PodRecord>();
  /** Data problems of scheduled pods, by pod id. */
  readonly problems = new Map<
    string,
    ReadonlyArray<readonly [string, string]>
  >();
  private scheduled = 0;
  private blockingPdbs = new Map<string, BlockingPdb[]>();

  /** Scheduled pods that are neither Succeeded nor Failed. */
  get count(): number {
    return this.scheduled;
  }

  /** Adds (`sign` 1) or removes (-1) a pod. */
  apply(r: PodRecord, sign: 1 | -1) {
    if (r.phase === 'Succeeded' || r.phase === 'Failed') {
      return;
    }
    if (!podIsScheduled(r)) {
      if (r.pending) {
        if (sign > 0) this.pending.set(r.id, r);
        else this.pending.delete(r.id);
      }
      return;
    }
    this.scheduled += sign;
    if (r.problems) {
      if (sign > 0) this.problems.set(r.id, r.problems);
      else this.problems.delete(r.id);
    }
    let stats = this.byNode.get(r.node);
    if (!stats) {
      stats = emptyNodePods();
      this.byNode.set(r.node, stats);
    }
    stats.cpuMilli += sign * r.cpuMilli;
    stats.memoryBytes += sign * r.memoryBytes;
    stats.count += sign;
    if (!(r.flags & POD_DAEMON)) stats.workload += sign;
    if (r.flags & POD_DO_NOT_DISRUPT) {
      if (sign > 0) stats.doNotDisrupt.add(r.id);
      else stats.doNotDisrupt.delete(r.id);
    }
    matchPdbs(this.blockingPdbs, r, stats, sign);
    if (stats.count === 0) this.byNode.delete(r.node);
  }

  /** The PDBs pods are matched against from now on (see {@link PodSums.rematchPdbs}). */
  setBlockingPdbs(byNamespace: Map<string, BlockingPdb[]>): void {
    this.blockingPdbs = byNamespace;
  }

  /** Matches every pod against the PDBs again (after a PDB changed). */
  rematchPdbs(pods: Iterable<PodRecord>): void {
    for (const stats of this.byNode.values()) stats.pdbPods.clear();
    for (const r of pods) {
      const stats = podIsScheduled(r) && this.byNode.get(r.node);
      if (stats) matchPdbs(this.blockingPdbs, r, stats, 1);
    }
  }

  /** How many pods are pending, how many the scheduler gave up on, and the oldest few. */
  pendingPods(): NonNullable<ClusterSummary['pendingPods']> {
    let unschedulable = 0;
    for (const r of this.pending.values()) {
      if (r.pending?.unschedulable) unschedulable++;
    }
    return {
      total: this.pending.size,
      unschedulable,
      items: this.pendingItems(),
    };
  }

  /** The pending pods shown: the oldest {@link PENDING_PODS_SHOWN}. */
  private pendingItems(): PendingPod[] {
    const all = [...this.pending.values()];
    const since = (r: PodRecord) => r.pending?.since ?? '';
    all.sort((a, b) => byString(since(a), since(b)) || byString(a.id, b.id));
    return all.slice(0, PENDING_PODS_SHOWN).map(r => ({
      namespace: r.namespace,
      name: podName(r) ?? '?',
      since: r.pending?.since,
      reason: r.pending?.reason,
      message: r.pending?.message,
    }));
  }
}
