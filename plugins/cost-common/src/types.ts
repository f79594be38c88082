import { Micros, PriceBasis } from '@internal/pricing';
import { WhatIfScenarioId } from './whatIfScenarios';

/** Where cost rows come from. @public */
export type CostSourceId = 'kubernetes' | 'aws' | 'hetzner';

/** @public */
export const COST_SOURCES: ReadonlyArray<{ id: CostSourceId; title: string }> =
  [
    {
      id: 'kubernetes',
      title: 'Kubernetes compute (node prices allocated to pods)',
    },
    { id: 'aws', title: 'AWS Cost Explorer' },
    { id: 'hetzner', title: 'Hetzner chain nodes' },
  ];

/** Whether a source is configured and how its last import went. @public */
export interface CostSourceStatus {
  id: CostSourceId;
  title: string;
  configured: boolean;
  /** Why it is not configured, or what it reads. */
  detail: string;
  lastImport?: {
    at: string;
    ok: boolean;
    error?: string;
    /** Days written by the import. */
    days: number;
    rows: number;
  };
  /** Unpriced things seen by the latest import (e.g. `{ "x1.32xlarge": 3 }` node-hours). */
  unpriced?: { count: number; byKind: Record<string, number> };
  /** Some of its rows are demo data (the backfilled history of the demo cluster, or a local price table). */
  demo: boolean;
  /** Where the node prices of the latest sample came from, per cluster (Kubernetes). */
  prices?: Array<{
    cluster: string;
    capacityType: string;
    nodes: number;
    basis: PriceBasis;
  }>;
}

/** An amount for one value of a dimension. @public */
export interface CostGroup {
  key: string;
  amount: Micros;
  /** Amount in the previous period of the same length, for comparison. */
  previous?: Micros;
}

/** One day of a trend. @public */
export interface CostTrendPoint {
  date: string;
  amount: Micros;
  /** Some of the day's rows are demo data. */
  demo: boolean;
  /**
   * Set on today only: the day is not over and its amount covers this many
   * hours of it so far (a bar that looks like a drop is a partial day).
   */
  partialHours?: number;
}

/** A service whose cost changed most week over week. @public */
export interface CostMover {
  team: string;
  service: string;
  lastWeek: Micros;
  previousWeek: Micros;
  change: Micros;
  /** change / previousWeek; null when the service is new. */
  changeRatio: number | null;
}

/** Query windows the API serves. @public */
export const COST_WINDOWS = [30, 90] as const;

/** The Cost page. @public */
export interface CostSummary {
  currency: string;
  days: number;
  from: string;
  to: string;
  total: Micros;
  byTeam: CostGroup[];
  /** Only with platform read: otherwise empty. */
  byCluster: CostGroup[];
  bySource: CostGroup[];
  byService: Array<CostGroup & { team: string }>;
  trend: CostTrendPoint[];
  movers: CostMover[];
  /** The caller sees only its own teams. */
  restricted: boolean;
  demo: boolean;
  sources: CostSourceStatus[];
  /**
   * Whether cost exists from the first day of the previous period on; if
   * not, a change against it means nothing ("no full previous period").
   */
  previousComplete?: boolean;
  /** How idle and shared-namespace cost was spread over the teams. */
  sharing?: {
    rule: 'proportional' | 'even' | 'none';
    namespaces: string[];
    idle: boolean;
  };
}

/** A savings scenario turned into a team's money. @public */
export interface TeamWhatIfMoney {
  scenario: WhatIfScenarioId;
  label: string;
  savingsPerMonth: Micros;
  /** Share of the team's current Kubernetes compute cost. */
  share: number;
  /** Hour of the cluster allocation it was computed from. */
  asOf: string;
}

/** A team's budget and the month's forecast. @public */
export interface BudgetStatus {
  team: string;
  month: string;
  budget: Micros;
  monthToDate: Micros;
  /** Month to date plus the last 7 days' daily average for the rest of the month. */
  forecast: Micros;
  exceeded: boolean;
}

/** A team's (Group page) or a service's (Component page) cost. @public */
export interface EntityCost {
  entityRef: string;
  kind: 'team' | 'service';
  team?: string;
  service?: string;
  currency: string;
  days: number;
  total: Micros;
  previous: Micros;
  byService: CostGroup[];
  bySource: CostGroup[];
  byCluster: CostGroup[];
  trend: CostTrendPoint[];
  whatIf: TeamWhatIfMoney[];
  budget?: BudgetStatus;
  demo: boolean;
  /** Whether cost exists from the first day of the previous period on. */
  previousComplete?: boolean;
}
