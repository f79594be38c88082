import {
  HOURS_PER_MONTH,
  PriceTable,
  podRequests,
  resolvePrice,
  SpotPricing,
} from '@internal/pricing';
import { gravitonEquivalent } from './pricing';
import { parseDurationMs, parseResourceQuantity } from './quantity';
import { isBudgetScheduleActive } from './schedule';
import {
  ClusterSummary,
  ConsolidationBlocker,
  ConsolidationCandidate,
  GroupStat,
  KubeObject,
  MixDimension,
  NodeClaimIssue,
  NodePoolUsage,
  NodeRow,
  PENDING_PODS_SHOWN,
  PendingPod,
  PriceSourceUse,
  WhatIfScenario,
} from './types';

/** Well-known labels the mix is read from. @public */
export const LABELS = {
  arch: 'kubernetes.io/arch',
  instanceType: 'node.kubernetes.io/instance-type',
  instanceTypeBeta: 'beta.kubernetes.io/instance-type',
  family: 'karpenter.k8s.aws/instance-family',
  capacityType: 'karpenter.sh/capacity-type',
  eksCapacityType: 'eks.amazonaws.com/capacityType',
  eksNodeGroup: 'eks.amazonaws.com/nodegroup',
  nodePool: 'karpenter.sh/nodepool',
  zone: 'topology.kubernetes.io/zone',
  region: 'topology.kubernetes.io/region',
} as const;

const DO_NOT_DISRUPT = 'karpenter.sh/do-not-disrupt';
const DISRUPTED_TAINT = 'karpenter.sh/disrupted';
const MAX_EXAMPLES_PER_BLOCKER = 3;

/** Inputs of {@link ClusterAggregator}. @public */
export interface AggregationOptions {
  cluster: string;
  priceTable: PriceTable;
  spot: SpotPricing;
  /** Clock for "now" (expiry, budgets, ages). */
  now: number;
  /** A node whose CPU and memory requests are both below this share of allocatable is under-used (default 0.5). */
  underutilizedThreshold?: number;
  /** NodeClaims expiring within this many hours are listed (default 24). */
  expiringWithinHours?: number;
  /** Region for nodes without region or zone labels (default us-east-1). */
  defaultRegion?: string;
}

/** All objects of a cluster, for {@link aggregateCluster}. @public */
export interface ClusterObjects {
  nodes: KubeObject[];
  pods: KubeObject[];
  nodePools: KubeObject[];
  nodeClaims: KubeObject[];
  pdbs: KubeObject[];
  nodeClasses?: KubeObject[];
}

interface NodeAccumulator {
  row: NodeRow;
  region: string;
  taints: Array<{ key?: string }>;
  annotations: Record<string, string>;
  workloadPods: number;
  doNotDisruptPods: string[];
  pdbPods: Map<string, string>;
}

interface BlockingPdb {
  id: string;
  namespace: string;
  matches: (labels: Record<string, string>) => boolean;
}

function selectorMatcher(
  selector: any,
): ((labels: Record<string, string>) => boolean) | undefined {
  if (!selector || typeof selector !== 'object') {
    return undefined;
  }
  const matchLabels: Record<string, string> = selector.matchLabels ?? {};
  const exprs: any[] = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) {
    // An empty selector selects every pod in the namespace.
    return () => true;
  }
  return labels => {
    for (const [k, v] of Object.entries(matchLabels)) {
      if (labels[k] !== v) return false;
    }
    for (const e of exprs) {
      const has = e.key in labels;
      const values: string[] = e.values ?? [];
      switch (e.operator) {
        case 'In':
          if (!has || !values.includes(labels[e.key])) return false;
          break;
        case 'NotIn':
          if (has && values.includes(labels[e.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  };
}

function candidateState(
  disrupted: boolean,
  blockers: number,
): ConsolidationCandidate['state'] {
  if (disrupted) return 'disrupting';
  return blockers > 0 ? 'blocked' : 'consolidatable';
}

function spotSourceOf(spot: SpotPricing): string {
  if (Object.keys(spot.prices).length > 0) return spot.source;
  if (spot.defaultDiscount !== undefined) {
    return `estimated at ${Math.round(
      spot.defaultDiscount * 100,
    )}% below on-demand`;
  }
  return 'none configured';
}

/** Which sources priced how many nodes, and what changed the list prices. */
function priceSourcesOf(rows: NodeRow[], table: PriceTable) {
  const uses = new Map<string, PriceSourceUse>();
  let list = 0;
  let adjusted = false;
  for (const r of rows) {
    if (!r.priceBasis) continue;
    const key = `${r.capacityType}|${r.priceBasis.label}|${
      r.priceBasis.fallbackReason ?? ''
    }`;
    const use = uses.get(key);
    if (use) {
      use.nodes++;
      // the oldest read is the one to worry about
      if ((r.priceBasis.asOf ?? '') < (use.basis.asOf ?? '')) {
        use.basis = r.priceBasis;
      }
    } else {
      uses.set(key, {
        basis: r.priceBasis,
        capacityType: r.capacityType,
        nodes: 1,
      });
    }
    list += r.listPricePerHour ?? 0;
    adjusted ||= !!r.priceAdjustments?.length;
  }
  return {
    sources: [...uses.values()].sort((a, b) => b.nodes - a.nodes),
    overlays: table.adjustments?.overlays ?? [],
    discounts: table.adjustments?.discounts ?? [],
    ...(adjusted ? { listCostPerHour: list } : {}),
  };
}

function disruptionReason(
  reason: string | undefined,
  deleting: boolean,
): string {
  if (reason) return `being disrupted: ${reason}`;
  return deleting ? 'being deleted' : 'node tainted karpenter.sh/disrupted';
}

function newGroup(key: string): GroupStat {
  return {
    key,
    nodes: 0,
    vcpu: 0,
    memoryBytes: 0,
    cpuAllocatable: 0,
    memoryAllocatable: 0,
    cpuRequested: 0,
    memoryRequested: 0,
    costPerHour: 0,
    costPerMonth: 0,
    costIsLowerBound: false,
    unpricedNodes: 0,
  };
}

function addToGroup(g: GroupStat, row: NodeRow) {
  g.nodes++;
  g.vcpu += row.vcpu;
  g.memoryBytes += row.memoryBytes;
  g.cpuAllocatable += row.cpuAllocatable;
  g.memoryAllocatable += row.memoryAllocatable;
  g.cpuRequested += row.cpuRequested;
  g.memoryRequested += row.memoryRequested;
  if (row.pricePerHour === null) {
    g.unpricedNodes++;
    g.costIsLowerBound = true;
  } else {
    g.costPerHour += row.pricePerHour;
  }
  g.costPerMonth = g.costPerHour * HOURS_PER_MONTH;
}

/** Counts data problems and keeps a few examples of each. */
class Warnings {
  private readonly byKind = new Map<
    string,
    { count: number; examples: string[] }
  >();

  add(kind: string, example: string) {
    let w = this.byKind.get(kind);
    if (!w) {
      w = { count: 0, examples: [] };
      this.byKind.set(kind, w);
    }
    w.count++;
    if (w.examples.length < 3) {
      w.examples.push(example);
    }
  }

  list(): string[] {
    return [...this.byKind.entries()].map(
      ([kind, w]) => `${w.count} × ${kind} (e.g. ${w.examples.join(', ')})`,
    );
  }
}

/**
 * Builds a cluster's node mix, costs, consolidation candidates and
 * NodeClaim/NodePool state from its objects, page by page, so 100,000 pods
 * never have to be held at once. Add nodes, NodePools, NodeClaims and PDBs
 * before pods, then call {@link ClusterAggregator.finish}.
 * @public
 */
export class ClusterAggregator {
  private readonly nodes = new Map<string, NodeAccumulator>();
  private readonly podsByUnknownNode = new Map<
    string,
    { cpu: number; mem: number; count: number }
  >();
  private readonly nodePools: KubeObject[] = [];
  private readonly claimsByNode = new Map<string, KubeObject>();
  private readonly claims: KubeObject[] = [];
  private readonly nodeClasses: KubeObject[] = [];
  private readonly blockingPdbs = new Map<string, BlockingPdb[]>();
  private readonly warnings = new Warnings();
  private readonly threshold: number;
  private podCount = 0;
  private readonly pending: PendingPod[] = [];
  private pendingCount = 0;
  private unschedulableCount = 0;

  constructor(private readonly options: AggregationOptions) {
    this.threshold = options.underutilizedThreshold ?? 0.5;
  }

  private quantity(
    value: unknown,
    what: string,
    where: string,
    row?: NodeRow,
  ): number {
    const r = parseResourceQuantity(value);
    if (r.ok) {
      return r.value;
    }
    this.warnings.add(`unreadable ${what}`, `${where}: ${r.error}`);
    row?.warnings.push(`${what}: ${r.error}`);
    return 0;
  }

  addNodes(items: KubeObject[]): void {
    for (const node of items) {
      const name = node.metadata?.name;
      if (!name) {
        this.warnings.add(
          'node without a name',
          JSON.stringify(node).slice(0, 60),
        );
        continue;
      }
      const labels = node.metadata?.labels ?? {};
      const rowWarnings: string[] = [];
      const label = (
        key: string,
        fallback: string | undefined,
        display: string,
      ) => {
        const v = labels[key];
        if (v) return v;
        if (fallback === undefined) {
          this.warnings.add(`node without label ${key}`, name);
          rowWarnings.push(`no ${display} label (${key})`);
        }
        return fallback ?? 'unknown';
      };
      const instanceType = label(
        LABELS.instanceType,
        labels[LABELS.instanceTypeBeta],
        'instance type',
      );
      const arch = label(
        LABELS.arch,
        node.status?.nodeInfo?.architecture,
        'architecture',
      );
      const eksCapacity = labels[LABELS.eksCapacityType];
      let eksCapacityType: string | undefined;
      if (eksCapacity) {
        eksCapacityType = eksCapacity === 'SPOT' ? 'spot' : 'on-demand';
      }
      const capacityType = label(
        LABELS.capacityType,
        eksCapacityType,
        'capacity type',
      );
      const family =
        labels[LABELS.family] ??
        (instanceType.includes('.') ? instanceType.split('.')[0] : 'unknown');
      const nodePool =
        labels[LABELS.nodePool] ??
        (labels[LABELS.eksNodeGroup]
          ? `nodegroup/${labels[LABELS.eksNodeGroup]}`
          : 'none');
      const zone = label(LABELS.zone, undefined, 'zone');
      const region =
        labels[LABELS.region] ??
        (zone !== 'unknown'
          ? zone.replace(/[a-z]$/, '')
          : this.options.defaultRegion ?? 'us-east-1');

      const row: NodeRow = {
        name,
        arch,
        capacityType,
        family,
        instanceType,
        nodePool,
        zone,
        labels,
        createdAt: node.metadata?.creationTimestamp,
        vcpu: 0,
        memoryBytes: 0,
        cpuAllocatable: 0,
        memoryAllocatable: 0,
        cpuRequested: 0,
        memoryRequested: 0,
        pods: 0,
        pricePerHour: null,
        priceSource: '',
        drifted: false,
        disrupted: false,
        warnings: rowWarnings,
      };
      const capacity = node.status?.capacity ?? {};
      const allocatable = node.status?.allocatable ?? capacity;
      row.vcpu = this.quantity(capacity.cpu, 'node cpu capacity', name, row);
      row.memoryBytes = this.quantity(
        capacity.memory,
        'node memory capacity',
        name,
        row,
      );
      row.cpuAllocatable = this.quantity(
        allocatable.cpu,
        'node cpu allocatable',
        name,
        row,
      );
      row.memoryAllocatable = this.quantity(
        allocatable.memory,
        'node memory allocatable',
        name,
        row,
      );

      const price = resolvePrice(
        this.options.priceTable,
        this.options.spot,
        region,
        instanceType,
        capacityType === 'unknown' ? 'on-demand' : capacityType,
        { zone, labels },
      );
      row.pricePerHour = price.perHour;
      if (price.basis) {
        row.listPricePerHour = price.listPerHour;
        row.priceBasis = price.basis;
        if (price.adjustments?.length) {
          row.priceAdjustments = price.adjustments;
        }
      }
      row.priceSource =
        capacityType === 'unknown'
          ? `capacity type unknown, priced as ${price.source}`
          : price.source;
      if (price.perHour === null) {
        this.warnings.add('node without a price', `${name} (${price.source})`);
      }
      const taints: Array<{ key?: string }> = Array.isArray(node.spec?.taints)
        ? node.spec.taints
        : [];
      row.disrupted = taints.some(t => t.key === DISRUPTED_TAINT);

      const acc: NodeAccumulator = {
        row,
        region,
        taints,
        annotations: node.metadata?.annotations ?? {},
        workloadPods: 0,
        doNotDisruptPods: [],
        pdbPods: new Map(),
      };
      const early = this.podsByUnknownNode.get(name);
      if (early) {
        row.cpuRequested += early.cpu;
        row.memoryRequested += early.mem;
        row.pods += early.count;
        acc.workloadPods += early.count;
        this.podsByUnknownNode.delete(name);
      }
      this.nodes.set(name, acc);
    }
  }

  addNodePools(items: KubeObject[]): void {
    this.nodePools.push(...items.filter(p => p.metadata?.name));
  }

  addNodeClaims(items: KubeObject[]): void {
    for (const claim of items) {
      this.claims.push(claim);
      const nodeName = claim.status?.nodeName;
      if (nodeName) {
        this.claimsByNode.set(nodeName, claim);
      }
    }
  }

  addNodeClasses(items: KubeObject[]): void {
    this.nodeClasses.push(...items);
  }

  /** PodDisruptionBudgets; only those allowing no disruption matter here. */
  addPdbs(items: KubeObject[]): void {
    for (const pdb of items) {
      const allowed = pdb.status?.disruptionsAllowed;
      const namespace = pdb.metadata?.namespace ?? 'default';
      if (allowed !== 0) {
        continue;
      }
      const matches = selectorMatcher(pdb.spec?.selector);
      if (!matches) {
        continue;
      }
      const list = this.blockingPdbs.get(namespace) ?? [];
      list.push({
        id: `${namespace}/${pdb.metadata?.name}`,
        namespace,
        matches,
      });
      this.blockingPdbs.set(namespace, list);
    }
  }

  addPods(items: KubeObject[]): void {
    for (const pod of items) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        continue;
      }
      const nodeName: string | undefined = pod.spec?.nodeName;
      if (!nodeName) {
        if (phase === 'Pending' || phase === undefined) {
          this.addPending(pod);
        }
        continue;
      }
      this.podCount++;
      const id = `${pod.metadata?.namespace ?? 'default'}/${
        pod.metadata?.name ?? '?'
      }`;
      const { cpu, mem } = podRequests(pod, (v, what) =>
        this.quantity(v, what, id),
      );
      const daemon =
        (pod.metadata?.ownerReferences ?? []).some(
          o => o.kind === 'DaemonSet',
        ) ||
        pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !==
          undefined;

      const acc = this.nodes.get(nodeName);
      if (!acc) {
        const early = this.podsByUnknownNode.get(nodeName) ?? {
          cpu: 0,
          mem: 0,
          count: 0,
        };
        early.cpu += cpu;
        early.mem += mem;
        early.count++;
        this.podsByUnknownNode.set(nodeName, early);
        continue;
      }
      acc.row.cpuRequested += cpu;
      acc.row.memoryRequested += mem;
      acc.row.pods++;
      if (!daemon) {
        acc.workloadPods++;
      }
      if (pod.metadata?.annotations?.[DO_NOT_DISRUPT] === 'true') {
        acc.doNotDisruptPods.push(id);
      }
      const pdbs = this.blockingPdbs.get(pod.metadata?.namespace ?? 'default');
      if (pdbs) {
        const labels = pod.metadata?.labels ?? {};
        for (const pdb of pdbs) {
          if (!acc.pdbPods.has(pdb.id) && pdb.matches(labels)) {
            acc.pdbPods.set(pdb.id, id);
          }
        }
      }
    }
  }

  /**
   * A pod the scheduler has not placed: counted, and the first
   * {@link PENDING_PODS_SHOWN} kept with the scheduler's own words
   * (`PodScheduled=False`), oldest first once finished.
   */
  private addPending(pod: KubeObject): void {
    this.pendingCount++;
    const scheduled = (pod.status?.conditions ?? []).find(
      (c: any) => c?.type === 'PodScheduled',
    );
    const unschedulable =
      scheduled?.status === 'False' && scheduled?.reason === 'Unschedulable';
    if (unschedulable) this.unschedulableCount++;
    if (this.pending.length >= PENDING_PODS_SHOWN) return;
    this.pending.push({
      namespace: pod.metadata?.namespace ?? 'default',
      name: pod.metadata?.name ?? '?',
      since: scheduled?.lastTransitionTime ?? pod.metadata?.creationTimestamp,
      reason:
        typeof scheduled?.reason === 'string' ? scheduled.reason : undefined,
      message:
        typeof scheduled?.message === 'string'
          ? scheduled.message.slice(0, 1000)
          : undefined,
    });
  }

  finish(): { summary: ClusterSummary; nodes: NodeRow[] } {
    const { now } = this.options;
    const dims: Record<MixDimension, Map<string, GroupStat>> = {
      arch: new Map(),
      capacityType: new Map(),
      family: new Map(),
      instanceType: new Map(),
      nodePool: new Map(),
      zone: new Map(),
    };
    const totals = newGroup('total');
    const poolsByName = new Map(
      this.nodePools.map(p => [p.metadata!.name!, p]),
    );
    const budgetBlocks = new Map(
      this.nodePools.map(p => [p.metadata!.name!, this.activeZeroBudgets(p)]),
    );
    const candidates: ConsolidationCandidate[] = [];
    const rows: NodeRow[] = [];
    let gravNodes = 0;
    let gravVcpu = 0;
    let gravCost = 0;
    let spotNodes = 0;
    let spotVcpu = 0;
    let spotCost = 0;

    for (const [name, count] of this.podsByUnknownNode) {
      this.warnings.add(
        'pods on a node the API did not list',
        `${count.count} pods on ${name}`,
      );
    }

    const claimNames = new Set<string>();
    for (const acc of this.nodes.values()) {
      const row = acc.row;
      const claim = this.claimsByNode.get(row.name);
      if (claim) {
        row.nodeClaim = claim.metadata?.name;
        claimNames.add(claim.metadata?.name ?? '');
        const conditions: any[] = claim.status?.conditions ?? [];
        row.drifted = conditions.some(
          c => c.type === 'Drifted' && c.status === 'True',
        );
        row.disrupted =
          row.disrupted ||
          !!claim.metadata?.deletionTimestamp ||
          conditions.some(
            c => c.type === 'DisruptionReason' && c.status === 'True',
          );
      }
      rows.push(row);
      addToGroup(totals, row);
      addToGroup(this.group(dims.arch, row.arch), row);
      addToGroup(this.group(dims.capacityType, row.capacityType), row);
      addToGroup(this.group(dims.family, row.family), row);
      addToGroup(this.group(dims.instanceType, row.instanceType), row);
      addToGroup(this.group(dims.nodePool, row.nodePool), row);
      addToGroup(this.group(dims.zone, row.zone), row);
      if (row.arch === 'arm64') {
        gravNodes++;
        gravVcpu += row.vcpu;
        gravCost += row.pricePerHour ?? 0;
      }
      if (row.capacityType === 'spot') {
        spotNodes++;
        spotVcpu += row.vcpu;
        spotCost += row.pricePerHour ?? 0;
      }

      const cpuUtil =
        row.cpuAllocatable > 0 ? row.cpuRequested / row.cpuAllocatable : 0;
      const memUtil =
        row.memoryAllocatable > 0
          ? row.memoryRequested / row.memoryAllocatable
          : 0;
      let kind: ConsolidationCandidate['kind'] | undefined;
      if (acc.workloadPods === 0) {
        kind = 'empty';
      } else if (cpuUtil < this.threshold && memUtil < this.threshold) {
        kind = 'underutilized';
      }
      if (kind) {
        row.consolidation = kind;
        const blockers = this.blockers(
          acc,
          kind,
          claim,
          poolsByName,
          budgetBlocks,
        );
        candidates.push({
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
        });
      }
    }
    candidates.sort(
      (a, b) =>
        (b.pricePerHour ?? 0) - (a.pricePerHour ?? 0) ||
        a.node.localeCompare(b.node),
    );

    const sortGroups = (m: Map<string, GroupStat>) =>
      [...m.values()].sort(
        (a, b) => b.nodes - a.nodes || a.key.localeCompare(b.key),
      );
    const pricedTotal = totals.costPerHour;

    return {
      summary: {
        cluster: this.options.cluster,
        generatedAt: new Date(now).toISOString(),
        totals,
        mix: {
          arch: sortGroups(dims.arch),
          capacityType: sortGroups(dims.capacityType),
          family: sortGroups(dims.family),
          instanceType: sortGroups(dims.instanceType),
          nodePool: sortGroups(dims.nodePool),
          zone: sortGroups(dims.zone),
        },
        gravitonShare: {
          nodes: totals.nodes ? gravNodes / totals.nodes : 0,
          vcpu: totals.vcpu ? gravVcpu / totals.vcpu : 0,
          cost: pricedTotal ? gravCost / pricedTotal : 0,
        },
        spotShare: {
          nodes: totals.nodes ? spotNodes / totals.nodes : 0,
          vcpu: totals.vcpu ? spotVcpu / totals.vcpu : 0,
          cost: pricedTotal ? spotCost / pricedTotal : 0,
        },
        pods: this.podCount,
        pendingPods: {
          total: this.pendingCount,
          unschedulable: this.unschedulableCount,
          items: [...this.pending].sort((a, b) =>
            (a.since ?? '').localeCompare(b.since ?? ''),
          ),
        },
        whatIf: this.whatIf(rows, pricedTotal),
        consolidation: {
          candidates,
          empty: candidates.filter(c => c.kind === 'empty').length,
          underutilized: candidates.filter(c => c.kind === 'underutilized')
            .length,
          blocked: candidates.filter(c => c.state === 'blocked').length,
          consolidatableCostPerHour: candidates
            .filter(c => c.state === 'consolidatable')
            .reduce((s, c) => s + (c.pricePerHour ?? 0), 0),
        },
        nodeClaims: { total: this.claims.length, issues: this.claimIssues() },
        nodePools: this.poolUsage(rows, budgetBlocks),
        pricing: {
          tableId: this.options.priceTable.id,
          asOf: this.options.priceTable.asOf,
          source: this.options.priceTable.source,
          regions: Object.keys(this.options.priceTable.onDemand),
          spotSource: spotSourceOf(this.options.spot),
          ...priceSourcesOf(rows, this.options.priceTable),
        },
        nodeClasses: this.nodeClasses.map(nc => {
          const ready = (nc.status?.conditions ?? []).find(
            (c: any) => c.type === 'Ready',
          );
          return {
            name: nc.metadata?.name ?? '?',
            ready: ready ? ready.status === 'True' : null,
            ...(ready?.message ? { message: ready.message } : {}),
          };
        }),
        warnings: this.warnings.list(),
      },
      nodes: rows,
    };
  }

  private group(map: Map<string, GroupStat>, key: string): GroupStat {
    let g = map.get(key);
    if (!g) {
      g = newGroup(key);
      map.set(key, g);
    }
    return g;
  }

  /** Budgets of a NodePool that allow zero disruptions right now, with the reasons they cover. */
  private activeZeroBudgets(
    pool: KubeObject,
  ): Array<{ reasons: string[] | 'all'; text: string }> {
    const budgets: any[] = pool.spec?.disruption?.budgets ?? [];
    const out: Array<{ reasons: string[] | 'all'; text: string }> = [];
    for (const b of budgets) {
      const nodes = String(b?.nodes ?? '');
      if (nodes !== '0' && nodes !== '0%') {
        continue;
      }
      let when = 'always';
      if (b.schedule) {
        const active = isBudgetScheduleActive(
          b.schedule,
          b.duration ?? '',
          this.options.now,
        );
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

  private blockers(
    acc: NodeAccumulator,
    kind: ConsolidationCandidate['kind'],
    claim: KubeObject | undefined,
    pools: Map<string, KubeObject>,
    budgetBlocks: Map<
      string,
      Array<{ reasons: string[] | 'all'; text: string }>
    >,
  ): ConsolidationBlocker[] {
    const row = acc.row;
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
    if (acc.doNotDisruptPods.length > 0) {
      const shown = acc.doNotDisruptPods
        .slice(0, MAX_EXAMPLES_PER_BLOCKER)
        .join(', ');
      const more = acc.doNotDisruptPods.length - MAX_EXAMPLES_PER_BLOCKER;
      out.push({
        kind: 'pod-do-not-disrupt',
        message: `Pod ${shown}${more > 0 ? ` and ${more} more` : ''} ${
          acc.doNotDisruptPods.length > 1 ? 'have' : 'has'
        } karpenter.sh/do-not-disrupt=true; Karpenter waits until ${
          acc.doNotDisruptPods.length > 1 ? 'they finish' : 'it finishes'
        } or the annotation is removed`,
      });
    }
    for (const [pdb, pod] of acc.pdbPods) {
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

  private claimIssues(): NodeClaimIssue[] {
    const { now } = this.options;
    const horizon = (this.options.expiringWithinHours ?? 24) * 3600_000;
    const issues: NodeClaimIssue[] = [];
    for (const claim of this.claims) {
      const name = claim.metadata?.name ?? '?';
      const base = {
        name,
        node: claim.status?.nodeName,
        nodePool: claim.metadata?.labels?.[LABELS.nodePool] ?? 'unknown',
      };
      const conditions: any[] = claim.status?.conditions ?? [];
      const drifted = conditions.find(
        c => c.type === 'Drifted' && c.status === 'True',
      );
      if (drifted) {
        issues.push({
          ...base,
          kind: 'drifted',
          reason: drifted.reason || 'Drifted',
          at: drifted.lastTransitionTime,
        });
      }
      const disruption = conditions.find(
        c => c.type === 'DisruptionReason' && c.status === 'True',
      );
      const node = base.node ? this.nodes.get(base.node) : undefined;
      if (
        claim.metadata?.deletionTimestamp ||
        disruption ||
        node?.taints.some(t => t.key === DISRUPTED_TAINT)
      ) {
        issues.push({
          ...base,
          kind: 'disrupted',
          reason: disruptionReason(
            disruption?.reason,
            !!claim.metadata?.deletionTimestamp,
          ),
          at:
            claim.metadata?.deletionTimestamp ?? disruption?.lastTransitionTime,
        });
      }
      const expireAfter = parseDurationMs(claim.spec?.expireAfter);
      const created = Date.parse(claim.metadata?.creationTimestamp ?? '');
      if (expireAfter && Number.isFinite(created)) {
        const expiresAt = created + expireAfter;
        if (expiresAt - now <= horizon) {
          issues.push({
            ...base,
            kind: 'expiring',
            reason:
              expiresAt <= now
                ? `expired (expireAfter ${claim.spec.expireAfter}); Karpenter is replacing it`
                : `expires in ${Math.max(
                    1,
                    Math.round((expiresAt - now) / 3600_000),
                  )} h (expireAfter ${claim.spec.expireAfter})`,
            at: new Date(expiresAt).toISOString(),
          });
        }
      }
    }
    const order = { disrupted: 0, drifted: 1, expiring: 2 };
    return issues.sort(
      (a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name),
    );
  }

  private poolUsage(
    rows: NodeRow[],
    budgetBlocks: Map<
      string,
      Array<{ reasons: string[] | 'all'; text: string }>
    >,
  ): NodePoolUsage[] {
    return this.nodePools.map(pool => {
      const name = pool.metadata!.name!;
      const inPool = rows.filter(r => r.labels[LABELS.nodePool] === name);
      const where = `NodePool ${name}`;
      const resources = pool.status?.resources;
      const cpuUsed =
        resources?.cpu !== undefined
          ? this.quantity(resources.cpu, 'NodePool resources', where)
          : inPool.reduce((s, r) => s + r.vcpu, 0);
      const memoryUsed =
        resources?.memory !== undefined
          ? this.quantity(resources.memory, 'NodePool resources', where)
          : inPool.reduce((s, r) => s + r.memoryBytes, 0);
      const limits = pool.spec?.limits ?? {};
      const cpuLimit =
        limits.cpu !== undefined
          ? this.quantity(limits.cpu, 'NodePool limit', where)
          : null;
      const memoryLimit =
        limits.memory !== undefined
          ? this.quantity(limits.memory, 'NodePool limit', where)
          : null;
      const usages = [
        cpuLimit ? cpuUsed / cpuLimit : undefined,
        memoryLimit ? memoryUsed / memoryLimit : undefined,
      ].filter((u): u is number => u !== undefined);
      return {
        name,
        nodes: inPool.length,
        cpuUsed,
        cpuLimit,
        memoryUsed,
        memoryLimit,
        limitUsage: usages.length ? Math.max(...usages) : null,
        consolidationPolicy: pool.spec?.disruption?.consolidationPolicy,
        consolidateAfter: pool.spec?.disruption?.consolidateAfter,
        blockingBudgets: (budgetBlocks.get(name) ?? []).map(b => b.text),
        weight: pool.spec?.weight,
      };
    });
  }

  private whatIf(rows: NodeRow[], pricedTotal: number) {
    const { priceTable, spot } = this.options;
    const movable = rows.filter(
      r => r.arch === 'amd64' && r.capacityType === 'on-demand',
    );
    const x86OnDemandCostPerHour = movable.reduce(
      (s, r) => s + (r.pricePerHour ?? 0),
      0,
    );
    const scenario = (
      id: WhatIfScenario['id'],
      label: string,
      target: (r: NodeRow) => { type: string | undefined; capacity: string },
    ): WhatIfScenario => {
      let delta = 0;
      let moved = 0;
      let unpriced = 0;
      for (const r of movable) {
        const region = this.nodes.get(r.name)!.region;
        const t = target(r);
        const price = t.type
          ? resolvePrice(priceTable, spot, region, t.type, t.capacity).perHour
          : null;
        if (price === null || r.pricePerHour === null) {
          unpriced++;
          continue;
        }
        moved++;
        delta += r.pricePerHour - price;
      }
      return {
        id,
        label,
        costPerHour: pricedTotal - delta,
        savingsPerHour: delta,
        savingsPerMonth: delta * HOURS_PER_MONTH,
        savingsPercent: pricedTotal ? delta / pricedTotal : 0,
        nodesMoved: moved,
        unpricedNodes: unpriced,
      };
    };
    return {
      x86OnDemandCostPerHour,
      scenarios: [
        scenario('graviton', 'x86 on-demand on Graviton on-demand', r => ({
          type: gravitonEquivalent(r.instanceType),
          capacity: 'on-demand',
        })),
        scenario('spot', 'x86 on-demand on x86 spot', r => ({
          type: r.instanceType,
          capacity: 'spot',
        })),
        scenario('graviton-spot', 'x86 on-demand on Graviton spot', r => ({
          type: gravitonEquivalent(r.instanceType),
          capacity: 'spot',
        })),
      ],
    };
  }
}

/**
 * Aggregates a whole cluster at once (tests, small clusters).
 * @public
 */
export function aggregateCluster(
  objects: ClusterObjects,
  options: AggregationOptions,
) {
  const agg = new ClusterAggregator(options);
  agg.addNodes(objects.nodes);
  agg.addNodePools(objects.nodePools);
  agg.addNodeClaims(objects.nodeClaims);
  agg.addPdbs(objects.pdbs);
  agg.addNodeClasses(objects.nodeClasses ?? []);
  agg.addPods(objects.pods);
  return agg.finish();
}
