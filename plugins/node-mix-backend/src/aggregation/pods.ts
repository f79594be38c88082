import {
  PENDING_PODS_SHOWN,
  PendingPod,
  podName,
  PodRecord,
  POD_DAEMON,
  POD_DO_NOT_DISRUPT,
} from '@internal/plugin-node-mix-common';
import { byString } from './byString';

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

/** No pods yet. */
export function emptyNodePods(): NodePods {
  return {
    cpuMilli: 0,
    memoryBytes: 0,
    count: 0,
    workload: 0,
    doNotDisrupt: new Set(),
    pdbPods: new Map(),
  };
}

/** Adds (`sign` 1) or removes (-1) a scheduled pod's requests and flags from its node's sums. */
export function addPodToNode(stats: NodePods, r: PodRecord, sign: 1 | -1) {
  stats.cpuMilli += sign * r.cpuMilli;
  stats.memoryBytes += sign * r.memoryBytes;
  stats.count += sign;
  if (!(r.flags & POD_DAEMON)) stats.workload += sign;
  if (r.flags & POD_DO_NOT_DISRUPT) {
    if (sign > 0) stats.doNotDisrupt.add(r.id);
    else stats.doNotDisrupt.delete(r.id);
  }
}

/** The pending pods shown: the oldest {@link PENDING_PODS_SHOWN}. */
export function pendingItems(
  pendingPods: Map<string, PodRecord>,
): PendingPod[] {
  const all = [...pendingPods.values()];
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
