import type {
  ConsolidationCandidate,
  NodeClaimIssue,
  NodePoolUsage,
  NodeRow,
} from './types';

/** Karpenter's event reasons the portal shows beside its own reasons. @public */
export type KarpenterEventReason =
  | 'DisruptionBlocked'
  | 'Unconsolidatable'
  | 'ConsolidationCandidate'
  | 'ConsolidationRejected'
  | 'ConsolidationApproved'
  | 'DisruptionLaunching'
  | 'DisruptionTerminating'
  | 'DisruptionWaitingReadiness';

/**
 * What Karpenter last said about a Node, NodeClaim or NodePool for one
 * reason (a core/v1 Event with source `karpenter`). @public
 */
export interface KarpenterEvent {
  objectKind: 'Node' | 'NodeClaim' | 'NodePool';
  objectName: string;
  reason: KarpenterEventReason;
  /** Karpenter's text, verbatim. */
  message: string;
  /** How often Karpenter said it (the event's count). */
  count: number;
  firstSeen?: string;
  lastSeen: string;
  /** Seconds since lastSeen, at the time of the answer. */
  ageSeconds: number;
  /** Savings Karpenter estimated for the move, $/h (`(savings: $x)`). */
  savingsPerHour?: number;
  /** The Balanced policy's score of the move (ConsolidationApproved). */
  score?: {
    score: number;
    threshold: number;
    k: number;
    savingsPercent: number;
    disruptionPercent: number;
  };
}

/** What the portal and Karpenter say about one node's consolidation. @public */
export interface NodeConsolidationExplanation {
  /** The portal's view from the last read; absent when the node is busy. */
  portal?: ConsolidationCandidate;
  /** Karpenter's latest word per reason, newest first. */
  karpenter: KarpenterEvent[];
  /** Why Karpenter's events could not be read (e.g. no rights on events). */
  karpenterError?: string;
}

/** One disruption budget of a NodePool, evaluated now. @public */
export interface NodePoolBudgetState {
  nodes: string;
  schedule?: string;
  duration?: string;
  /** `all` when the budget names no reasons. */
  reasons: string[] | 'all';
  /** null: the schedule could not be read (Karpenter fails closed). */
  active: boolean | null;
  /** Nodes this budget allows to be disrupting at once now (null when inactive). */
  nodesAllowed: number | null;
}

/** A NodePool on one page: nodes, cost, limits, budgets, NodeClaims, reasons. @public */
export interface NodePoolDetail {
  cluster: string;
  name: string;
  /** When the cluster data was read (last refresh). */
  generatedAt: string;
  readAt: string;
  consolidationPolicy?: string;
  consolidateAfter?: string;
  usage?: NodePoolUsage;
  /**
   * Sum of the hourly prices of the pool's nodes: what Karpenter reports as
   * karpenter_nodepools_cost_total (its offerings' prices per NodeClaim),
   * priced with the portal's prices.
   */
  costPerHour: number;
  unpricedNodes: number;
  mix: {
    instanceType: Array<{ key: string; nodes: number; costPerHour: number }>;
    capacityType: Array<{ key: string; nodes: number; costPerHour: number }>;
    zone: Array<{ key: string; nodes: number; costPerHour: number }>;
  };
  budgets: NodePoolBudgetState[];
  /** Nodes Karpenter may start disrupting now, per reason (its min over active budgets, less those disrupting). */
  disruptionsAllowed: Record<'Empty' | 'Underutilized' | 'Drifted', number>;
  /** Nodes disrupting now (deleting or tainted karpenter.sh/disrupted). */
  disrupting: number;
  nodeClaimIssues: NodeClaimIssue[];
  candidates: Array<ConsolidationCandidate & { karpenter: KarpenterEvent[] }>;
  /** Events on the NodePool itself (blocking budgets, multi-node moves). */
  karpenterEvents: KarpenterEvent[];
  karpenterError?: string;
  /** The pool's nodes, most expensive first. */
  nodes: NodeRow[];
}
