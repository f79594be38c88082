import type {
  AppliedAdjustment,
  NodeOverlayPrice,
  PriceBasis,
  PriceDiscount,
} from '@internal/pricing';
import type { NodeConsolidationExplanation } from './karpenter';

/** Minimal shape of a Kubernetes object as read from the API (JSON). @public */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    ownerReferences?: Array<{ kind?: string; name?: string }>;
  };
  spec?: any;
  status?: any;
}

/** Totals for one value of one dimension (e.g. arch = arm64). @public */
export interface GroupStat {
  key: string;
  nodes: number;
  /** vCPU capacity. */
  vcpu: number;
  /** Memory capacity, bytes. */
  memoryBytes: number;
  cpuAllocatable: number;
  memoryAllocatable: number;
  cpuRequested: number;
  memoryRequested: number;
  /** Sum of the known hourly prices. */
  costPerHour: number;
  costPerMonth: number;
  /** Some node's price is unknown: the cost is at least the figure shown. */
  costIsLowerBound: boolean;
  unpricedNodes: number;
}

/** A dimension the mix is grouped by. @public */
export type MixDimension =
  | 'arch'
  | 'capacityType'
  | 'family'
  | 'instanceType'
  | 'nodePool'
  | 'zone';

/** Why a node that looks consolidatable is or isn't. @public */
export interface ConsolidationBlocker {
  kind:
    | 'not-karpenter'
    | 'node-do-not-disrupt'
    | 'pod-do-not-disrupt'
    | 'pdb'
    | 'nodepool-budget'
    | 'nodepool-policy'
    | 'not-consolidatable'
    | 'no-nodeclaim';
  message: string;
}

/** An empty or under-used node. @public */
export interface ConsolidationCandidate {
  node: string;
  nodePool: string;
  instanceType: string;
  capacityType: string;
  kind: 'empty' | 'underutilized';
  cpuUtilization: number;
  memoryUtilization: number;
  pricePerHour: number | null;
  /** `consolidatable` = Karpenter should act on it; `blocked` = see blockers; `disrupting` = already under way. */
  state: 'consolidatable' | 'blocked' | 'disrupting';
  blockers: ConsolidationBlocker[];
}

/** A NodeClaim that drifted, expires soon or is being disrupted. @public */
export interface NodeClaimIssue {
  name: string;
  node?: string;
  nodePool: string;
  kind: 'drifted' | 'expiring' | 'disrupted';
  reason: string;
  /** When it drifted / expires / started disrupting. */
  at?: string;
}

/** Use of a NodePool's limits. @public */
export interface NodePoolUsage {
  name: string;
  nodes: number;
  cpuUsed: number;
  cpuLimit: number | null;
  memoryUsed: number;
  memoryLimit: number | null;
  /** Highest of cpu/memory use over limit, 0..1+; null without limits. */
  limitUsage: number | null;
  consolidationPolicy?: string;
  consolidateAfter?: string;
  /** Disruption budgets that are active now and allow no disruption. */
  blockingBudgets: string[];
  weight?: number;
}

/** One scenario of the savings what-if. @public */
export interface WhatIfScenario {
  id: 'graviton' | 'spot' | 'graviton-spot';
  label: string;
  /** Cluster cost per hour if the scenario were applied. */
  costPerHour: number;
  savingsPerHour: number;
  savingsPerMonth: number;
  /** Savings over the priced cluster cost. */
  savingsPercent: number;
  /** x86 on-demand nodes the scenario moves. */
  nodesMoved: number;
  /** Nodes the scenario could not price (kept at today's price). */
  unpricedNodes: number;
}

/** One row of the node table. @public */
export interface NodeRow {
  name: string;
  arch: string;
  capacityType: string;
  family: string;
  instanceType: string;
  nodePool: string;
  zone: string;
  labels: Record<string, string>;
  createdAt?: string;
  vcpu: number;
  memoryBytes: number;
  cpuAllocatable: number;
  memoryAllocatable: number;
  cpuRequested: number;
  memoryRequested: number;
  pods: number;
  pricePerHour: number | null;
  priceSource: string;
  /** The price before NodeOverlays and discounts. */
  listPricePerHour?: number | null;
  /** Where the list price came from and when (AWS Price List, spot price history, shipped table). */
  priceBasis?: PriceBasis;
  /** NodeOverlay and discounts that changed the list price, in order. */
  priceAdjustments?: AppliedAdjustment[];
  nodeClaim?: string;
  drifted: boolean;
  disrupted: boolean;
  consolidation?: 'empty' | 'underutilized';
  /** Problems reading this node (missing labels, malformed quantities). */
  warnings: string[];
}

/** Where prices came from. @public */
export interface PricingInfo {
  tableId: string;
  asOf: string;
  source: string;
  regions: string[];
  spotSource: string;
  /** Where the nodes' prices came from: one line per source, with its node count. */
  sources?: PriceSourceUse[];
  /** Karpenter NodeOverlays that change prices in this cluster. */
  overlays?: NodeOverlayPrice[];
  /** Configured discounts (Savings Plans, enterprise discount). */
  discounts?: PriceDiscount[];
  /** List and effective cost per hour when adjustments apply. */
  listCostPerHour?: number;
}

/** How many nodes were priced from one source. @public */
export interface PriceSourceUse {
  basis: PriceBasis;
  /** "on-demand" or "spot". */
  capacityType: string;
  nodes: number;
}

/** How many pending pods a summary lists by name (all are counted). @public */
export const PENDING_PODS_SHOWN = 50;

/** A pod the scheduler has not placed, in the scheduler's words. @public */
export interface PendingPod {
  namespace: string;
  name: string;
  /** When the pod became unschedulable (or was created), ISO. */
  since?: string;
  /** `PodScheduled` condition reason, e.g. `Unschedulable`. */
  reason?: string;
  /** The scheduler's message, e.g. `0/12 nodes are available: ...`. */
  message?: string;
}

/** Everything computed for one cluster at one time, minus the node rows. @public */
export interface ClusterSummary {
  cluster: string;
  generatedAt: string;
  totals: GroupStat;
  mix: Record<MixDimension, GroupStat[]>;
  gravitonShare: { nodes: number; vcpu: number; cost: number };
  spotShare: { nodes: number; vcpu: number; cost: number };
  pods: number;
  /** Pods not placed on a node; absent in snapshots from before it existed. */
  pendingPods?: {
    total: number;
    /** Of which the scheduler said `Unschedulable`. */
    unschedulable: number;
    /** The first {@link PENDING_PODS_SHOWN}, oldest first. */
    items: PendingPod[];
  };
  whatIf: {
    /** Today's cost of the x86 on-demand nodes the scenarios move. */
    x86OnDemandCostPerHour: number;
    scenarios: WhatIfScenario[];
  };
  consolidation: {
    candidates: ConsolidationCandidate[];
    empty: number;
    underutilized: number;
    blocked: number;
    /** Hourly price of the candidates Karpenter could remove now. */
    consolidatableCostPerHour: number;
  };
  nodeClaims: { total: number; issues: NodeClaimIssue[] };
  nodePools: NodePoolUsage[];
  pricing: PricingInfo;
  /** EC2NodeClasses and whether they are Ready. */
  nodeClasses: Array<{ name: string; ready: boolean | null; message?: string }>;
  /** Data problems (missing labels, bad quantities), counted and sampled. */
  warnings: string[];
}

/** A stored point of a cluster's history. @public */
export interface HistoryPoint {
  at: string;
  nodes: number;
  vcpu: number;
  memoryBytes: number;
  pods: number;
  costPerHour: number;
  costIsLowerBound: boolean;
  gravitonNodeShare: number;
  spotNodeShare: number;
  cpuRequestedShare: number;
  byArch: Record<string, number>;
  byCapacityType: Record<string, number>;
}

/** The few numbers a cluster card shows. @public */
export interface ClusterHeadline {
  totals: GroupStat;
  pods: number;
  gravitonShare: ClusterSummary['gravitonShare'];
  spotShare: ClusterSummary['spotShare'];
  byArch: GroupStat[];
  byCapacityType: GroupStat[];
  consolidation: Omit<ClusterSummary['consolidation'], 'candidates'>;
  nodeClaimIssues: Record<NodeClaimIssue['kind'], number>;
  bestSavings?: WhatIfScenario;
  warnings: number;
}

/** A cluster's state as the portal knows it, for the Clusters page. @public */
export interface ClusterStatus {
  name: string;
  title?: string;
  /** Where the portal found the cluster: the `kubernetes` config or the catalog. */
  source?: 'config' | 'catalog';
  /** The endpoint identifies itself as the portal's demo cluster. */
  demo: boolean;
  kubernetesVersion?: string;
  /** `ok` when the last refresh worked. */
  state: 'ok' | 'error' | 'pending';
  error?: string;
  lastAttemptAt?: string;
  /** When the shown data was read. */
  lastSuccessAt?: string;
  /** Age of the shown data in seconds at the time of the answer. */
  dataAgeSeconds?: number;
  refreshDurationMs?: number;
  /** Followed with watches by the replica that answered: changes show within seconds. */
  live?: boolean;
  headline?: ClusterHeadline;
  summary?: ClusterSummary;
}

/** The node table of a cluster. @public */
export interface ClusterNodes {
  cluster: string;
  generatedAt: string;
  items: NodeRow[];
}

/** History windows the API serves. @public */
export const HISTORY_WINDOWS = ['24h', '7d', '30d'] as const;

/** @public */
export type HistoryWindow = (typeof HISTORY_WINDOWS)[number];

/** A cluster's history over a window. @public */
export interface ClusterHistory {
  cluster: string;
  window: HistoryWindow;
  points: HistoryPoint[];
}

/** A pod on a node, for the node detail drawer. @public */
export interface NodeDetailPod {
  namespace: string;
  name: string;
  phase?: string;
  /** Requested CPU cores and memory bytes (the one request formula). */
  cpuRequested: number;
  memoryRequested: number;
  /** `Kind/name` of the controlling owner, e.g. `ReplicaSet/lobby-7d9f`. */
  owner?: string;
  createdAt?: string;
}

/** What the node detail drawer shows, read live from the cluster. @public */
export interface NodeDetail {
  cluster: string;
  name: string;
  createdAt?: string;
  /** Age in seconds at the time of the answer. */
  ageSeconds?: number;
  taints: Array<{ key: string; value?: string; effect: string }>;
  conditions: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }>;
  /** Pods on the node (terminated ones left out), at most `podLimit`. */
  pods: NodeDetailPod[];
  podCount: number;
  podLimit: number;
  nodeClaim?: {
    name: string;
    nodePool?: string;
    createdAt?: string;
    expireAfter?: string;
    conditions: Array<{
      type: string;
      status: string;
      reason?: string;
      message?: string;
    }>;
  };
  /** The portal's "why not consolidated" beside Karpenter's own events. */
  consolidation?: NodeConsolidationExplanation;
  readAt: string;
}
