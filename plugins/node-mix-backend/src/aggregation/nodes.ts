import {
  KubeObject,
  LABELS,
  NodeRow,
  parseResourceQuantity,
} from '@internal/plugin-node-mix-common';
import { PriceTable, resolvePrice, SpotPricing } from '@internal/pricing';

/** The taint Karpenter puts on a node it is removing. */
export const DISRUPTED_TAINT = 'karpenter.sh/disrupted';

/** One node as the aggregator keeps it between events. */
export interface NodeAccumulator {
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

/** What nodes are priced with. */
export interface NodePricing {
  table: PriceTable;
  spot: SpotPricing;
  /** Region for nodes without region or zone labels (default us-east-1). */
  defaultRegion?: string;
}

/** A Kubernetes quantity, or 0 with the problem noted (never NaN). */
export function readQuantity(
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

/** Reads a node's labels, capacity and price once per change of the node or of the prices. */
export function nodeAccumulator(
  node: KubeObject,
  name: string,
  pricing: NodePricing,
): NodeAccumulator {
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
      : pricing.defaultRegion ?? 'us-east-1');

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
  const q = readQuantity;
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
    pricing.table,
    pricing.spot,
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
