import {
  ClusterNodes,
  ClusterSummary,
  KubeObject,
  NodePoolBudgetState,
  NodePoolDetail,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { isBudgetScheduleActive } from '../aggregation/budgetSchedule';
import {
  KubernetesClient,
  ClusterReadError,
} from '../clients/KubernetesClient';
import {
  eventsReadProblem,
  karpenterEventsForNode,
  KarpenterEventIndex,
} from './karpenterEvents';

/** A cluster's last read, parsed once per read (the JSON strings are the key). */
export interface LastRead {
  summary: ClusterSummary;
  nodes: NodeRow[];
}

/**
 * Parses a cluster's stored summary and node rows once per read: the
 * strings are replaced on every read, so the same reference means the same
 * data. One entry per cluster.
 */
export class LastReadCache {
  private readonly byCluster = new Map<
    string,
    { summaryJson: string; nodesJson: string; read: LastRead }
  >();

  get(cluster: string, summaryJson: string, nodesJson: string): LastRead {
    const hit = this.byCluster.get(cluster);
    if (hit && hit.summaryJson === summaryJson && hit.nodesJson === nodesJson) {
      return hit.read;
    }
    const read = {
      summary: JSON.parse(summaryJson) as ClusterSummary,
      nodes: (JSON.parse(nodesJson) as ClusterNodes).items,
    };
    this.byCluster.set(cluster, { summaryJson, nodesJson, read });
    return read;
  }
}

const DISRUPTION_REASONS = ['Empty', 'Underutilized', 'Drifted'] as const;

/** `nodes: "10%"` of `total`, rounded up like Karpenter (intstr, roundUp). */
function scaledNodes(value: string, total: number): number | undefined {
  const m = /^((100|[0-9]{1,2})%|[0-9]+)$/.exec(value);
  if (!m) return undefined;
  return value.endsWith('%')
    ? Math.ceil((Number(value.slice(0, -1)) * total) / 100)
    : Number(value);
}

/**
 * A NodePool's disruption budgets as Karpenter evaluates them now
 * (NodePool.GetAllowedDisruptionsByReason): the most restrictive active
 * budget per reason, less the nodes already disrupting; an unreadable budget
 * allows nothing (Karpenter fails closed). A NodePool without budgets gets
 * Karpenter's default `nodes: 10%`.
 */
export function budgetState(
  pool: KubeObject | undefined,
  poolNodes: number,
  disrupting: number,
  now: number,
): Pick<NodePoolDetail, 'budgets' | 'disruptionsAllowed'> {
  const raw: any[] = pool?.spec?.disruption?.budgets ?? [{ nodes: '10%' }];
  const budgets: NodePoolBudgetState[] = raw.map(b => {
    const nodes = String(b?.nodes ?? '10%');
    const reasons: string[] | 'all' =
      Array.isArray(b?.reasons) && b.reasons.length > 0
        ? b.reasons.map(String)
        : 'all';
    const active: boolean | null =
      b?.schedule || b?.duration
        ? isBudgetScheduleActive(
            String(b.schedule ?? ''),
            String(b.duration ?? ''),
            now,
          ) ?? null
        : true;
    // Inactive: no limit; unreadable schedule: Karpenter fails closed.
    let nodesAllowed: number | null = null;
    if (active === null) nodesAllowed = 0;
    else if (active) nodesAllowed = scaledNodes(nodes, poolNodes) ?? 0;
    return {
      nodes,
      ...(b?.schedule ? { schedule: String(b.schedule) } : {}),
      ...(b?.duration ? { duration: String(b.duration) } : {}),
      reasons,
      active,
      nodesAllowed,
    };
  });
  const disruptionsAllowed = Object.fromEntries(
    DISRUPTION_REASONS.map(reason => {
      let allowed = Number.POSITIVE_INFINITY;
      for (const b of budgets) {
        if (b.nodesAllowed === null) continue;
        if (b.reasons === 'all' || b.reasons.includes(reason)) {
          allowed = Math.min(allowed, b.nodesAllowed);
        }
      }
      const left = Number.isFinite(allowed)
        ? Math.max(0, allowed - disrupting)
        : Math.max(0, poolNodes - disrupting);
      return [reason, left];
    }),
  ) as NodePoolDetail['disruptionsAllowed'];
  return { budgets, disruptionsAllowed };
}

function mixBy(
  rows: NodeRow[],
  key: (r: NodeRow) => string,
): NodePoolDetail['mix']['zone'] {
  const groups = new Map<
    string,
    { key: string; nodes: number; costPerHour: number }
  >();
  for (const r of rows) {
    const k = key(r) || 'unknown';
    const g = groups.get(k) ?? { key: k, nodes: 0, costPerHour: 0 };
    g.nodes++;
    g.costPerHour += r.pricePerHour ?? 0;
    groups.set(k, g);
  }
  return [...groups.values()].sort(
    (a, b) => b.nodes - a.nodes || a.key.localeCompare(b.key),
  );
}

/** Everything of one NodePool's page, from the last read, its manifest and Karpenter's events. */
export function buildNodePoolDetail(options: {
  cluster: string;
  pool: string;
  lastRead: LastRead;
  nodePool: KubeObject | undefined;
  events: KarpenterEventIndex;
  eventsError?: string;
  now: number;
}): NodePoolDetail | undefined {
  const { cluster, pool, lastRead, nodePool, events, now } = options;
  const usage = lastRead.summary.nodePools.find(p => p.name === pool);
  const rows = lastRead.nodes
    .filter(r => r.nodePool === pool)
    .sort(
      (a, b) =>
        (b.pricePerHour ?? 0) - (a.pricePerHour ?? 0) ||
        a.name.localeCompare(b.name),
    );
  if (!usage && !nodePool && rows.length === 0) return undefined;
  const disrupting = rows.filter(r => r.disrupted).length;
  const claimOf = new Map(rows.map(r => [r.name, r.nodeClaim]));
  return {
    cluster,
    name: pool,
    generatedAt: lastRead.summary.generatedAt,
    readAt: new Date(now).toISOString(),
    consolidationPolicy:
      nodePool?.spec?.disruption?.consolidationPolicy ??
      usage?.consolidationPolicy,
    consolidateAfter:
      nodePool?.spec?.disruption?.consolidateAfter ?? usage?.consolidateAfter,
    ...(usage ? { usage } : {}),
    costPerHour: rows.reduce((s, r) => s + (r.pricePerHour ?? 0), 0),
    unpricedNodes: rows.filter(r => r.pricePerHour === null).length,
    mix: {
      instanceType: mixBy(rows, r => r.instanceType),
      capacityType: mixBy(rows, r => r.capacityType),
      zone: mixBy(rows, r => r.zone),
    },
    ...budgetState(nodePool, rows.length, disrupting, now),
    disrupting,
    nodeClaimIssues: lastRead.summary.nodeClaims.issues.filter(
      i => i.nodePool === pool,
    ),
    candidates: lastRead.summary.consolidation.candidates
      .filter(c => c.nodePool === pool)
      .map(c => ({
        ...c,
        karpenter: karpenterEventsForNode(
          events,
          c.node,
          claimOf.get(c.node),
          now,
        ),
      })),
    karpenterEvents: events.forObject('NodePool', pool, now),
    ...(options.eventsError ? { karpenterError: options.eventsError } : {}),
    nodes: rows,
  };
}

/**
 * Reads a NodePool's manifest and Karpenter's events live (one NodePool by
 * name; the events Karpenter wrote, by `source`) and builds its page.
 */
export async function readNodePoolDetail(options: {
  reader: KubernetesClient;
  cluster: string;
  pool: string;
  lastRead: LastRead;
  now: number;
}): Promise<NodePoolDetail | undefined> {
  const { reader, pool } = options;
  const pools: KubeObject[] = [];
  const events = new KarpenterEventIndex();
  const [, eventsError] = await Promise.all([
    reader
      .list('/apis/karpenter.sh/v1/nodepools', items => pools.push(...items), {
        fieldSelector: `metadata.name=${pool}`,
      })
      .catch(e => {
        if (
          e instanceof ClusterReadError &&
          (e.status === 403 || e.status === 404)
        ) {
          return 0; // the page still shows what the last read knows
        }
        throw e;
      }),
    reader
      .list('/api/v1/events', items => items.forEach(e => events.apply(e)), {
        fieldSelector: 'source=karpenter',
      })
      .then(() => undefined, eventsReadProblem),
  ]);
  return buildNodePoolDetail({
    ...options,
    nodePool: pools[0],
    events,
    ...(eventsError ? { eventsError } : {}),
  });
}
