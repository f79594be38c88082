import { Micros } from '@internal/pricing';
import { CostSourceId, WhatIfScenarioId } from '@internal/plugin-cost-common';

/** One row of daily cost. @public */
export interface CostRow {
  date: string;
  source: CostSourceId;
  cluster: string;
  team: string;
  service: string;
  amount: Micros;
  currency: string;
  demo: boolean;
}

/** One hour of one cluster's allocation. @public */
export interface KubernetesHour {
  /** UTC hour, `YYYY-MM-DDTHH`. */
  hour: string;
  rows: Array<{ team: string; service: string; amount: Micros }>;
  demo: boolean;
}

/** What moving a team's x86 on-demand nodes would save, per hour. @public */
export interface WhatIfRow {
  cluster: string;
  team: string;
  scenario: WhatIfScenarioId;
  savingsPerHour: Micros;
  hour: string;
}

/**
 * What a cost source writes to: the write side of the cost plugin's store,
 * nothing it reads for the Cost page. Every call is one transaction.
 * @public
 */
export interface CostSink {
  /**
   * Replaces every row of `source` on each of `days` with `rows`: a failure
   * leaves all days as they were.
   */
  replaceDays(
    source: CostSourceId,
    days: string[],
    rows: CostRow[],
  ): Promise<void>;
  /** Whether `source` has written any row yet (a first import backfills). */
  hasRows(source: CostSourceId): Promise<boolean>;
  /**
   * Replaces the given hours of one cluster and re-sums the affected days of
   * the `kubernetes` source from the hours of every cluster.
   */
  writeKubernetesHours(
    cluster: string,
    hours: KubernetesHour[],
  ): Promise<{ days: string[]; rows: number }>;
  hasKubernetesHours(cluster: string): Promise<boolean>;
  deleteKubernetesHoursBefore(hour: string): Promise<number>;
  replaceWhatIf(cluster: string, rows: WhatIfRow[]): Promise<void>;
}
