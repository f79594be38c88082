import {
  HOURS_PER_MONTH,
  PriceTable,
  resolvePrice,
  SpotPricing,
} from '@internal/pricing';
import { gravitonEquivalent } from './pricing';
import { parseDurationMs, parseResourceQuantity } from './quantity';
import {
  podIsScheduled,
  podName,
  podRecord,
  PodRecord,
  POD_DAEMON,
  POD_DO_NOT_DISRUPT,
} from './podRecord';
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
  /** The node as cached (read again when prices change). */
  source: KubeObject;
  /** Its row without pod sums, NodeClaim state or consolidation. */
  base: NodeRow;
  region: string;
  taints: Array<{ key?: string }>;
  annotations: Record<string, string>;
  /** Its data problems: `[warning kind, example]`. */
  problems: Array<[string, string]>;
  /** The last row built from `base`, what it shows of pods and NodeClaim, and its JSON. */
  row?: NodeRow;
  rowBase?: NodeRow;
  /** What the row was built from besides `base` (compared, not serialized). */
  rowFrom?: {
    cpuMilli: number;
    memoryBytes: number;
    count: number;
    claim: KubeObject | undefined;
    kind: string | undefined;
  };
  json?: string;
}

/** What the pods on one node add up to (integers: exact in any order). */
interface NodePods {
  cpuMilli: number;
  memoryBytes: number;
  count: number;
  workload: number;
  doNotDisrupt: Set<string>;
  /** Blocking PDB id → the pods on this node it covers. */
  pdbPods: Map<string, Set<string>>;
}

interface BlockingPdb {
  id: string;
  namespace: string;
  matches: (labels: Record<string, string>) => boolean;
}

/** `namespace/name` of an object, the key the caches use. @public */
export function objectKey(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

function byString(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
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

/** The PDBs allowing no disruption, by namespace, and a key that changes when they do. */
function blockingPdbsOf(pdbs: Iterable<KubeObject>): {
  byNamespace: Map<string, BlockingPdb[]>;
  key: string;
} {
  const out = new Map<string, BlockingPdb[]>();
  const keys: string[] = [];
  for (const pdb of pdbs) {
    const allowed = pdb.status?.disruptionsAllowed;
    const namespace = pdb.metadata?.namespace ?? 'default';
    if (allowed !== 0) {
      continue;
    }
    const matches = selectorMatcher(pdb.spec?.selector);
    if (!matches) {
      continue;
    }
    const list = out.get(namespace) ?? [];
    const id = `${namespace}/${pdb.metadata?.name}`;
    list.push({ id, namespace, matches });
    out.set(namespace, list);
    keys.push(JSON.stringify([id, pdb.spec?.selector]));
  }
  return { byNamespace: out, key: keys.join('\n') };
}

/** A NodeClaim's parsed expireAfter and creation time, parsed once per object. */
const claimTimesCache = new WeakMap<
  KubeObject,
  { expireAfter: number | null | undefined; created: number }
>();
function claimTimes(claim: KubeObject) {
  let times = claimTimesCache.get(claim);
  if (!times) {
    times = {
      expireAfter: parseDurationMs(claim.spec?.expireAfter),
      created: Date.parse(claim.metadata?.creationTimestamp ?? ''),
    };
    claimTimesCache.set(claim, times);
  }
  return times;
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
 * NodeClaim/NodePool state from its objects.
 *
 * Two ways to feed it, one result: page by page (add nodes, NodePools,
 * NodeClaims and PDBs before pods, then {@link ClusterAggregator.finish}),
 * or kept for a followed cluster and updated per watch event
 * ({@link ClusterAggregator.updateNode}, {@link ClusterAggregator.updatePod},
 * {@link ClusterAggregator.setObject}), which adjusts only the sums of the
 * nodes the event touches. Pods are summed per node in whole millicores and
 * bytes, and everything drawn from several pods is put in a fixed order at
 * {@link ClusterAggregator.finish}, so the result does not depend on the
 * order objects arrived in: after any sequence of events it is the same, to
 * the byte, as aggregating the resulting objects from scratch.
 * @public
 */
export class ClusterAggregator {
  private readonly nodes = new Map<string, NodeAccumulator>();
  private readonly namelessNodes: string[] = [];
  private readonly podsByNode = new Map<string, NodePods>();
  private readonly pendingPods = new Map<string, PodRecord>();
  private readonly podProblems = new Map<
    string,
    ReadonlyArray<readonly [string, string]>
  >();
  private readonly objects = {
    nodePools: new Map<string, KubeObject>(),
    nodeClaims: new Map<string, KubeObject>(),
    nodeClasses: new Map<string, KubeObject>(),
    pdbs: new Map<string, KubeObject>(),
  };
  private blockingPdbs = new Map<string, BlockingPdb[]>();
  /** PDBs changed after pods were added: {@link ClusterAggregator.rematchPdbs} first. */
  private pdbMatchesStale = false;
  private readonly threshold: number;
  private table: PriceTable;
  private blockingPdbsKey = '';
  private podCount = 0;
  private lastRows: NodeAccumulator[] = [];

  constructor(private readonly options: AggregationOptions) {
    this.threshold = options.underutilizedThreshold ?? 0.5;
    this.table = options.priceTable;
  }

  private static quantity(
    value: unknown,
    what: string,
    where: string,
    problems: Array<[string, string]>,
    row?: NodeRow,
  ): number {
    const r = parseResourceQuantity(value);
    if (r.ok) {
      return r.value;
    }
    problems.push([`unreadable ${what}`, `${where}: ${r.error}`]);
    row?.warnings.push(`${what}: ${r.error}`);
    return 0;
  }

  addNodes(items: KubeObject[]): void {
    for (const node of items) {
      this.updateNode(undefined, node);
    }
  }

  /**
   * A node added (`previous` undefined), changed, or deleted (`next`
   * undefined). A changed node keeps its place in the table.
   */
  updateNode(previous: KubeObject | undefined, next: KubeObject | undefined) {
    const name = next?.metadata?.name;
    if (next && !name) {
      this.namelessNodes.push(JSON.stringify(next).slice(0, 60));
    } else if (next && name) {
      this.nodes.set(name, this.nodeAccumulator(next, name));
    }
    const old = previous?.metadata?.name;
    if (old && old !== name) {
      this.nodes.delete(old);
    }
  }

  /** The price table the nodes are priced with. */
  get priceTable(): PriceTable {
    return this.table;
  }

  /** Prices every node again (the scheduled refresh read new prices). */
  setPriceTable(table: PriceTable): void {
    this.table = table;
    for (const [name, acc] of this.nodes) {
      this.nodes.set(name, this.nodeAccumulator(acc.source, name));
    }
  }

  private nodeAccumulator(node: KubeObject, name: string): NodeAccumulator {
    const problems: Array<[string, string]> = [];
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
        problems.push([`node without label ${key}`, name]);
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
    const q = ClusterAggregator.quantity;
    const capacity = node.status?.capacity ?? {};
    const allocatable = node.status?.allocatable ?? capacity;
    row.vcpu = q(capacity.cpu, 'node cpu capacity', name, problems, row);
    row.memoryBytes = q(
      capacity.memory,
      'node memory capacity',
      name,
      problems,
      row,
    );
    row.cpuAllocatable = q(
      allocatable.cpu,
      'node cpu allocatable',
      name,
      problems,
      row,
    );
    row.memoryAllocatable = q(
      allocatable.memory,
      'node memory allocatable',
      name,
      problems,
      row,
    );

    const price = resolvePrice(
      this.table,
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
      problems.push(['node without a price', `${name} (${price.source})`]);
    }
    const taints: Array<{ key?: string }> = Array.isArray(node.spec?.taints)
      ? node.spec.taints
      : [];
    row.disrupted = taints.some(t => t.key === DISRUPTED_TAINT);
    return {
      source: node,
      base: row,
      region,
      taints,
      annotations: node.metadata?.annotations ?? {},
      problems,
    };
  }

  addNodePools(items: KubeObject[]): void {
    for (const o of items) this.setObject('nodePools', objectKey(o), o);
  }

  addNodeClaims(items: KubeObject[]): void {
    for (const o of items) this.setObject('nodeClaims', objectKey(o), o);
  }

  addNodeClasses(items: KubeObject[]): void {
    for (const o of items) this.setObject('nodeClasses', objectKey(o), o);
  }

  /** PodDisruptionBudgets; only those allowing no disruption matter here. */
  addPdbs(items: KubeObject[]): void {
    for (const o of items) this.setObject('pdbs', objectKey(o), o);
  }

  /**
   * Sets (or with `object` undefined, deletes) a NodePool, NodeClaim,
   * EC2NodeClass or PDB by its {@link objectKey}. There are few of them;
   * what depends on them is worked out at finish. Returns true when the
   * PDBs that block disruption changed; after pods were added, that needs
   * {@link ClusterAggregator.rematchPdbs} before the next finish.
   */
  setObject(
    kind: 'nodePools' | 'nodeClaims' | 'nodeClasses' | 'pdbs',
    key: string,
    object: KubeObject | undefined,
  ): boolean {
    if (object) {
      this.objects[kind].set(key, object);
    } else {
      this.objects[kind].delete(key);
    }
    if (kind !== 'pdbs') {
      return false;
    }
    const blocking = blockingPdbsOf(this.objects.pdbs.values());
    if (blocking.key === this.blockingPdbsKey) {
      return false;
    }
    this.blockingPdbs = blocking.byNamespace;
    this.blockingPdbsKey = blocking.key;
    if (this.podsByNode.size > 0) this.pdbMatchesStale = true;
    return true;
  }

  /** Matches every pod against the PDBs again (after a PDB changed). */
  rematchPdbs(pods: Iterable<PodRecord>): void {
    for (const stats of this.podsByNode.values()) stats.pdbPods.clear();
    for (const r of pods) {
      const stats = podIsScheduled(r) && this.podsByNode.get(r.node);
      if (stats) this.matchPdbs(r, stats, 1);
    }
    this.pdbMatchesStale = false;
  }

  /** Adds pods; returns their records (what the cost input is made of). */
  addPods(items: KubeObject[]): PodRecord[] {
    const records = items.map(podRecord);
    for (const r of records) this.updatePod(undefined, r);
    return records;
  }

  /** A pod added (`previous` undefined), changed, or deleted (`next` undefined). */
  updatePod(previous: PodRecord | undefined, next: PodRecord | undefined) {
    if (previous) this.applyPod(previous, -1);
    if (next) this.applyPod(next, 1);
  }

  private applyPod(r: PodRecord, sign: 1 | -1) {
    if (r.phase === 'Succeeded' || r.phase === 'Failed') {
      return;
    }
    if (!podIsScheduled(r)) {
      if (r.pending) {
        if (sign > 0) this.pendingPods.set(r.id, r);
        else this.pendingPods.delete(r.id);
      }
      return;
    }
    this.podCount += sign;
    if (r.problems) {
      if (sign > 0) this.podProblems.set(r.id, r.problems);
      else this.podProblems.delete(r.id);
    }
    let stats = this.podsByNode.get(r.node);
    if (!stats) {
      stats = {
        cpuMilli: 0,
        memoryBytes: 0,
        count: 0,
        workload: 0,
        doNotDisrupt: new Set(),
        pdbPods: new Map(),
      };
      this.podsByNode.set(r.node, stats);
    }
    stats.cpuMilli += sign * r.cpuMilli;
    stats.memoryBytes += sign * r.memoryBytes;
    stats.count += sign;
    if (!(r.flags & POD_DAEMON)) stats.workload += sign;
    if (r.flags & POD_DO_NOT_DISRUPT) {
      if (sign > 0) stats.doNotDisrupt.add(r.id);
      else stats.doNotDisrupt.delete(r.id);
    }
    this.matchPdbs(r, stats, sign);
    if (stats.count === 0) this.podsByNode.delete(r.node);
  }

  private matchPdbs(r: PodRecord, stats: NodePods, sign: 1 | -1) {
    const pdbs = this.blockingPdbs.get(r.namespace);
    if (!pdbs) return;
    const labels = r.labels ?? {};
    for (const pdb of pdbs) {
      if (!pdb.matches(labels)) continue;
      let pods = stats.pdbPods.get(pdb.id);
      if (sign > 0) {
        if (!pods) {
          pods = new Set();
          stats.pdbPods.set(pdb.id, pods);
        }
        pods.add(r.id);
      } else if (pods) {
        pods.delete(r.id);
        if (pods.size === 0) stats.pdbPods.delete(pdb.id);
      }
    }
  }

  /** The pending pods shown: the oldest {@link PENDING_PODS_SHOWN}. */
  private pendingItems(): PendingPod[] {
    const all = [...this.pendingPods.values()];
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

  /** The row a node shows, reused (with its JSON) while nothing in it changed. */
  private rowOf(
    acc: NodeAccumulator,
    stats: NodePods | undefined,
    claim: KubeObject | undefined,
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
      drifted = conditions.some(
        c => c.type === 'Drifted' && c.status === 'True',
      );
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
    } else if (cpuUtil < this.threshold && memUtil < this.threshold) {
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

  /**
   * The node table of the last {@link ClusterAggregator.finish} as a JSON
   * array, each row serialized once and kept until it changes.
   */
  rowsJson(): string {
    let out = '[';
    for (let i = 0; i < this.lastRows.length; i++) {
      const acc = this.lastRows[i];
      acc.json ??= JSON.stringify(acc.row);
      out += i === 0 ? acc.json : `,${acc.json}`;
    }
    return `${out}]`;
  }

  /** The summary and node table of what was added, as of `now` (default: the option's). */
  finish(now: number = this.options.now): {
    summary: ClusterSummary;
    nodes: NodeRow[];
  } {
    if (this.pdbMatchesStale) {
      throw new Error('PDBs changed: call rematchPdbs before finish');
    }
    const warnings = new Warnings();
    const dims: Record<MixDimension, Map<string, GroupStat>> = {
      arch: new Map(),
      capacityType: new Map(),
      family: new Map(),
      instanceType: new Map(),
      nodePool: new Map(),
      zone: new Map(),
    };
    const totals = newGroup('total');
    const nodePools = [...this.objects.nodePools.values()].filter(
      p => p.metadata?.name,
    );
    const poolsByName = new Map(nodePools.map(p => [p.metadata!.name!, p]));
    const budgetBlocks = new Map(
      nodePools.map(p => [p.metadata!.name!, this.activeZeroBudgets(p, now)]),
    );
    const claimsByNode = new Map<string, KubeObject>();
    for (const claim of this.objects.nodeClaims.values()) {
      const nodeName = claim.status?.nodeName;
      if (nodeName) {
        claimsByNode.set(nodeName, claim);
      }
    }
    const candidates: ConsolidationCandidate[] = [];
    const rows: NodeRow[] = [];
    const accs: NodeAccumulator[] = [];
    let gravNodes = 0;
    let gravVcpu = 0;
    let gravCost = 0;
    let spotNodes = 0;
    let spotVcpu = 0;
    let spotCost = 0;

    for (const example of this.namelessNodes) {
      warnings.add('node without a name', example);
    }
    for (const acc of this.nodes.values()) {
      for (const [kind, example] of acc.problems) warnings.add(kind, example);
    }
    for (const id of [...this.podProblems.keys()].sort(byString)) {
      for (const [kind, example] of this.podProblems.get(id)!) {
        warnings.add(kind, example);
      }
    }
    const unknownNodes: string[] = [];
    for (const name of this.podsByNode.keys()) {
      if (!this.nodes.has(name)) unknownNodes.push(name);
    }
    for (const name of unknownNodes.sort(byString)) {
      warnings.add(
        'pods on a node the API did not list',
        `${this.podsByNode.get(name)!.count} pods on ${name}`,
      );
    }

    for (const acc of this.nodes.values()) {
      const stats = this.podsByNode.get(acc.base.name);
      const claim = claimsByNode.get(acc.base.name);
      const row = this.rowOf(acc, stats, claim);
      rows.push(row);
      accs.push(acc);
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

      const kind = row.consolidation;
      if (kind) {
        const cpuUtil =
          row.cpuAllocatable > 0 ? row.cpuRequested / row.cpuAllocatable : 0;
        const memUtil =
          row.memoryAllocatable > 0
            ? row.memoryRequested / row.memoryAllocatable
            : 0;
        const blockers = this.blockers(
          acc,
          row,
          stats,
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
    this.lastRows = accs;
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
    let unschedulable = 0;
    for (const r of this.pendingPods.values()) {
      if (r.pending?.unschedulable) unschedulable++;
    }
    const nodePoolUsage = this.poolUsage(
      nodePools,
      rows,
      budgetBlocks,
      warnings,
    );

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
          total: this.pendingPods.size,
          unschedulable,
          items: this.pendingItems(),
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
        nodeClaims: {
          total: this.objects.nodeClaims.size,
          issues: this.claimIssues(now),
        },
        nodePools: nodePoolUsage,
        pricing: {
          tableId: this.table.id,
          asOf: this.table.asOf,
          source: this.table.source,
          regions: Object.keys(this.table.onDemand),
          spotSource: spotSourceOf(this.options.spot),
          ...priceSourcesOf(rows, this.table),
        },
        nodeClasses: [...this.objects.nodeClasses.values()].map(nc => {
          const ready = (nc.status?.conditions ?? []).find(
            (c: any) => c.type === 'Ready',
          );
          return {
            name: nc.metadata?.name ?? '?',
            ready: ready ? ready.status === 'True' : null,
            ...(ready?.message ? { message: ready.message } : {}),
          };
        }),
        warnings: warnings.list(),
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
    now: number,
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
          now,
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
    row: NodeRow,
    stats: NodePods | undefined,
    kind: ConsolidationCandidate['kind'],
    claim: KubeObject | undefined,
    pools: Map<string, KubeObject>,
    budgetBlocks: Map<
      string,
      Array<{ reasons: string[] | 'all'; text: string }>
    >,
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

  private claimIssues(now: number): NodeClaimIssue[] {
    const horizon = (this.options.expiringWithinHours ?? 24) * 3600_000;
    const issues: NodeClaimIssue[] = [];
    for (const claim of this.objects.nodeClaims.values()) {
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
      const { expireAfter, created } = claimTimes(claim);
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
    nodePools: KubeObject[],
    rows: NodeRow[],
    budgetBlocks: Map<
      string,
      Array<{ reasons: string[] | 'all'; text: string }>
    >,
    warnings: Warnings,
  ): NodePoolUsage[] {
    return nodePools.map(pool => {
      const name = pool.metadata!.name!;
      const inPool = rows.filter(r => r.labels[LABELS.nodePool] === name);
      const where = `NodePool ${name}`;
      const problems: Array<[string, string]> = [];
      const quantity = (value: unknown, what: string) => {
        const v = ClusterAggregator.quantity(value, what, where, problems);
        for (const [kind, example] of problems.splice(0)) {
          warnings.add(kind, example);
        }
        return v;
      };
      const resources = pool.status?.resources;
      const cpuUsed =
        resources?.cpu !== undefined
          ? quantity(resources.cpu, 'NodePool resources')
          : inPool.reduce((s, r) => s + r.vcpu, 0);
      const memoryUsed =
        resources?.memory !== undefined
          ? quantity(resources.memory, 'NodePool resources')
          : inPool.reduce((s, r) => s + r.memoryBytes, 0);
      const limits = pool.spec?.limits ?? {};
      const cpuLimit =
        limits.cpu !== undefined
          ? quantity(limits.cpu, 'NodePool limit')
          : null;
      const memoryLimit =
        limits.memory !== undefined
          ? quantity(limits.memory, 'NodePool limit')
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
    const { spot } = this.options;
    const priceTable = this.table;
    // a few instance types and regions: each target priced once
    const prices = new Map<string, number | null>();
    const priceOf = (region: string, type: string, capacity: string) => {
      const key = `${region}|${type}|${capacity}`;
      let price = prices.get(key);
      if (price === undefined) {
        price = resolvePrice(priceTable, spot, region, type, capacity).perHour;
        prices.set(key, price);
      }
      return price;
    };
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
        const price = t.type ? priceOf(region, t.type, t.capacity) : null;
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
