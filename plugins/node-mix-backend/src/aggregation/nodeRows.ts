import {
  ConsolidationCandidate,
  KubeObject,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { NodeAccumulator } from './nodes';
import { NodePods } from './pods';

/**
 * The row a node shows, reused (with its JSON) while nothing in it changed.
 * A node is a consolidation candidate when it runs no workload pods
 * (`empty`) or its CPU and memory requests are both below `threshold` of
 * allocatable (`underutilized`).
 */
export function nodeRowOf(
  acc: NodeAccumulator,
  stats: NodePods | undefined,
  claim: KubeObject | undefined,
  threshold: number,
): NodeRow {
  const base = acc.base;
  const cpuMilli = stats?.cpuMilli ?? 0;
  const memoryBytes = stats?.memoryBytes ?? 0;
  const count = stats?.count ?? 0;
  let nodeClaim: string | undefined;
  let drifted = base.drifted;
  let disrupted = base.disrupted;
  if (claim) {
    nodeClaim = claim.metadata?.name;
    const conditions: any[] = claim.status?.conditions ?? [];
    drifted = conditions.some(c => c.type === 'Drifted' && c.status === 'True');
    disrupted =
      disrupted ||
      !!claim.metadata?.deletionTimestamp ||
      conditions.some(
        c => c.type === 'DisruptionReason' && c.status === 'True',
      );
  }
  const cpuRequested = cpuMilli / 1000;
  const cpuUtil =
    base.cpuAllocatable > 0 ? cpuRequested / base.cpuAllocatable : 0;
  const memUtil =
    base.memoryAllocatable > 0 ? memoryBytes / base.memoryAllocatable : 0;
  let kind: ConsolidationCandidate['kind'] | undefined;
  if ((stats?.workload ?? 0) === 0) {
    kind = 'empty';
  } else if (cpuUtil < threshold && memUtil < threshold) {
    kind = 'underutilized';
  }
  const from = acc.rowFrom;
  if (
    acc.row &&
    from &&
    acc.rowBase === base &&
    from.cpuMilli === cpuMilli &&
    from.memoryBytes === memoryBytes &&
    from.count === count &&
    from.claim === claim &&
    from.kind === kind
  ) {
    return acc.row;
  }
  const row: NodeRow = {
    ...base,
    cpuRequested,
    memoryRequested: memoryBytes,
    pods: count,
  };
  if (claim) {
    row.nodeClaim = nodeClaim;
    row.drifted = drifted;
    row.disrupted = disrupted;
  }
  if (kind) row.consolidation = kind;
  acc.row = row;
  acc.rowBase = base;
  acc.rowFrom = { cpuMilli, memoryBytes, count, claim, kind };
  acc.json = undefined;
  return row;
}
