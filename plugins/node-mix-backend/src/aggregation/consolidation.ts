import {
  ClusterSummary,
  ConsolidationBlocker,
  ConsolidationCandidate,
  KubeObject,
  LABELS,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { isBudgetScheduleActive } from './budgetSchedule';
import { byString } from './byString';
import { NodeAccumulator } from './nodes';
import { NodePods } from './pods';

const DO_NOT_DISRUPT = 'karpenter.sh/do-not-disrupt';
const MAX_EXAMPLES_PER_BLOCKER = 3;

/** A NodePool disruption budget allowing zero disruptions now, and the reasons it covers. */
export interface ZeroBudget {
  reasons: string[] | 'all';
  text: string;
}

/** Budgets of a NodePool that allow zero disruptions right now, with the reasons they cover. */
export function activeZeroBudgets(pool: KubeObject, now: number): ZeroBudget[] {
  const budgets: any[] = pool.spec?.disruption?.budgets ?? [];
  const out: ZeroBudget[] = [];
  for (const b of budgets) {
    const nodes = String(b?.nodes ?? '');
    if (nodes !== '0' && nodes !== '0%') {
      continue;
    }
    let when = 'always';
    if (b.schedule) {
      const active = isBudgetScheduleActive(b.schedule, b.duration ?? '', now);
      if (active === false) {
        continue;
      }
      when =
        active === undefined
          ? `schedule '${b.schedule}' for ${b.duration} (could not be evaluated, assumed active)`
          : `schedule '${b.schedule}' for ${b.duration}, active now`;
    }
    const reasons =
      Array.isArray(b.reasons) && b.reasons.length > 0 ? b.reasons : 'all';
    out.push({
      reasons,
      text: `nodes: "${nodes}" (${when}${
        reasons === 'all' ? '' : `; reasons ${reasons.join(', ')}`
      })`,
    });
  }
  return out;
}

function candidateState(
  disrupted: boolean,
  blockers: number,
): ConsolidationCandidate['state'] {
  if (disrupted) return 'disrupting';
  return blockers > 0 ? 'blocked' : 'consolidatable';
}

/** Why Karpenter is not consolidating a candidate node, each with what to do about it. */
function blockersOf(
  acc: NodeAccumulator,
  row: NodeRow,
  stats: NodePods | undefined,
  kind: ConsolidationCandidate['kind'],
  claim: KubeObject | undefined,
  pools: Map<string, KubeObject>,
  budgetBlocks: Map<string, ZeroBudget[]>,
): ConsolidationBlocker[] {
  const out: ConsolidationBlocker[] = [];
  const poolName = row.labels[LABELS.nodePool];
  if (!poolName) {
    out.push({
      kind: 'not-karpenter',
      message: row.labels[LABELS.eksNodeGroup]
        ? `Not managed by Karpenter: it belongs to node group '${
            row.labels[LABELS.eksNodeGroup]
          }'; scale that node group down instead`
        : 'Not managed by Karpenter (no karpenter.sh/nodepool label); remove it by hand or from its node group',
    });
    return out;
  }
  if (acc.annotations[DO_NOT_DISRUPT] === 'true') {
    out.push({
      kind: 'node-do-not-disrupt',
      message: `The node has the annotation karpenter.sh/do-not-disrupt=true; remove it to let Karpenter consolidate`,
    });
  }
  const doNotDisrupt = [...(stats?.doNotDisrupt ?? [])].sort(byString);
  if (doNotDisrupt.length > 0) {
    const shown = doNotDisrupt.slice(0, MAX_EXAMPLES_PER_BLOCKER).join(', ');
    const more = doNotDisrupt.length - MAX_EXAMPLES_PER_BLOCKER;
    out.push({
      kind: 'pod-do-not-disrupt',
      message: `Pod ${shown}${more > 0 ? ` and ${more} more` : ''} ${
        doNotDisrupt.length > 1 ? 'have' : 'has'
      } karpenter.sh/do-not-disrupt=true; Karpenter waits until ${
        doNotDisrupt.length > 1 ? 'they finish' : 'it finishes'
      } or the annotation is removed`,
    });
  }
  // each blocking PDB once, with the first pod it covers (by name)
  const pdbIds = [...(stats?.pdbPods.keys() ?? [])].sort(byString);
  for (const pdb of pdbIds) {
    const pod = [...stats!.pdbPods.get(pdb)!].sort(byString)[0];
    out.push({
      kind: 'pdb',
      message: `PodDisruptionBudget ${pdb} allows 0 disruptions and covers pod ${pod}; add replicas or relax minAvailable/maxUnavailable`,
    });
  }
  const pool = pools.get(poolName);
  if (!pool) {
    out.push({
      kind: 'nodepool-policy',
      message: `NodePool '${poolName}' was not found (deleted, or not readable with the portal's token)`,
    });
  } else {
    const disruption = pool.spec?.disruption ?? {};
    if (
      kind === 'underutilized' &&
      disruption.consolidationPolicy === 'WhenEmpty'
    ) {
      out.push({
        kind: 'nodepool-policy',
        message: `NodePool '${poolName}' only consolidates empty nodes (consolidationPolicy: WhenEmpty)`,
      });
    }
    if (disruption.consolidateAfter === 'Never') {
      out.push({
        kind: 'nodepool-policy',
        message: `NodePool '${poolName}' never consolidates (consolidateAfter: Never)`,
      });
    }
    const reason = kind === 'empty' ? 'Empty' : 'Underutilized';
    for (const b of budgetBlocks.get(poolName) ?? []) {
      if (b.reasons === 'all' || b.reasons.includes(reason)) {
        out.push({
          kind: 'nodepool-budget',
          message: `NodePool '${poolName}' disruption budget ${b.text} blocks ${reason} disruptions`,
        });
      }
    }
  }
  if (!claim) {
    out.push({
      kind: 'no-nodeclaim',
      message:
        'No NodeClaim points at this node, so Karpenter does not consider it for disruption',
    });
  } else {
    const consolidatable = (claim.status?.conditions ?? []).find(
      (c: any) => c.type === 'Consolidatable',
    );
    if (!consolidatable || consolidatable.status !== 'True') {
      out.push({
        kind: 'not-consolidatable',
        message: `NodeClaim ${
          claim.metadata?.name
        } has no Consolidatable=True condition: its pods changed within consolidateAfter (${
          pool?.spec?.disruption?.consolidateAfter ?? 'unknown'
        }) or Karpenter has not evaluated it yet`,
      });
    }
  }
  return out;
}

/** A node's consolidation candidate, if its row is one (see `nodeRowOf`), with its blockers. */
export function consolidationCandidateOf(
  acc: NodeAccumulator,
  row: NodeRow,
  stats: NodePods | undefined,
  claim: KubeObject | undefined,
  pools: Map<string, KubeObject>,
  budgetBlocks: Map<string, ZeroBudget[]>,
): ConsolidationCandidate | undefined {
  const kind = row.consolidation;
  if (!kind) {
    return undefined;
  }
  const cpuUtil =
    row.cpuAllocatable > 0 ? row.cpuRequested / row.cpuAllocatable : 0;
  const memUtil =
    row.memoryAllocatable > 0 ? row.memoryRequested / row.memoryAllocatable : 0;
  const blockers = blockersOf(
    acc,
    row,
    stats,
    kind,
    claim,
    pools,
    budgetBlocks,
  );
  return {
    node: row.name,
    nodePool: row.nodePool,
    instanceType: row.instanceType,
    capacityType: row.capacityType,
    kind,
    cpuUtilization: cpuUtil,
    memoryUtilization: memUtil,
    pricePerHour: row.pricePerHour,
    state: candidateState(row.disrupted, blockers.length),
    blockers,
  };
}

/** Sorts the candidates (most expensive first) and counts them. */
export function consolidationOf(
  candidates: ConsolidationCandidate[],
): ClusterSummary['consolidation'] {
  candidates.sort(
    (a, b) =>
      (b.pricePerHour ?? 0) - (a.pricePerHour ?? 0) ||
      a.node.localeCompare(b.node),
  );
  return {
    candidates,
    empty: candidates.filter(c => c.kind === 'empty').length,
    underutilized: candidates.filter(c => c.kind === 'underutilized').length,
    blocked: candidates.filter(c => c.state === 'blocked').length,
    consolidatableCostPerHour: candidates
      .filter(c => c.state === 'consolidatable')
      .reduce((s, c) => s + (c.pricePerHour ?? 0), 0),
  };
}
