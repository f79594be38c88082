import { Micros, PriceTable, SpotPricing } from '@internal/pricing';
import {
  ResourceWeights,
  WhatIfScenarioId,
} from '@internal/plugin-cost-common';
import { ShareOptions } from './shareRows';

/** Options of {@link CostAllocator}. @public */
export interface CostAllocationOptions {
  priceTable: PriceTable;
  spot: SpotPricing;
  /** Region of nodes without region/zone labels (default us-east-1). */
  defaultRegion?: string;
  /**
   * The owning team (a group entity ref) of a `backstage.io/kubernetes-id`,
   * or of `namespace/<name>` for the pods of a namespace a team owns.
   */
  teamOf(service: string): string | undefined;
  weights?: ResourceWeights;
  /** Spreads idle and shared-namespace cost over the teams; default none. */
  share?: ShareOptions;
}

/** Cost of one service of one team over the allocated period. @public */
export interface AllocationRow {
  /** `backstage.io/kubernetes-id`, `namespace/<ns>` for unlabelled pods, or `IDLE`. */
  service: string;
  /** Group entity ref, `UNALLOCATED` or `IDLE`. */
  team: string;
  amount: Micros;
}

/** What moving a team's share of x86 on-demand nodes would save per hour. @public */
export interface TeamWhatIf {
  team: string;
  scenario: WhatIfScenarioId;
  savings: Micros;
}

/** One hour of a cluster, allocated. @public */
export interface HourAllocation {
  rows: AllocationRow[];
  /** Sum of the priced nodes' hourly prices: always equals the sum of `rows`. */
  nodeBill: Micros;
  idle: Micros;
  nodes: number;
  pods: number;
  /** Nodes without a price: their cost is unknown, not zero. */
  unpriced: {
    nodes: number;
    pods: number;
    byInstanceType: Record<string, number>;
  };
  whatIf: TeamWhatIf[];
  /** Counted data problems (unreadable requests, pods on unknown nodes). */
  warnings: Record<string, number>;
}
