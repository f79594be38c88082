import { Micros } from '@internal/pricing';
import { CostSourceId, WhatIfScenarioId } from '@internal/plugin-cost-common';

/** One row of daily cost. */
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

/** One hour of one cluster's allocation. */
export interface KubernetesHour {
  /** UTC hour, `YYYY-MM-DDTHH`. */
  hour: string;
  rows: Array<{ team: string; service: string; amount: Micros }>;
  demo: boolean;
}

/** Which rows a query looks at. */
export interface CostFilter {
  /** First and last day, inclusive. */
  from: string;
  to: string;
  /** Only these teams; undefined = all. */
  teams?: string[];
  services?: string[];
  sources?: CostSourceId[];
}

export type CostDimension = 'team' | 'cluster' | 'source' | 'service';

export interface SourceRun {
  source: CostSourceId;
  at: string;
  ok: boolean;
  error?: string;
  days: number;
  rows: number;
  unpriced?: Record<string, number>;
}

export interface WhatIfRow {
  cluster: string;
  team: string;
  scenario: WhatIfScenarioId;
  savingsPerHour: Micros;
  hour: string;
}

/** Storage of cost rows. */
export interface CostStore {
  /**
   * Replaces every row of `source` on each of `days` with `rows`, in one
   * transaction: a failure leaves all days as they were.
   */
  replaceDays(
    source: CostSourceId,
    days: string[],
    rows: CostRow[],
  ): Promise<void>;
  /**
   * Replaces the given hours of one cluster and re-sums the affected days of
   * the `kubernetes` source from the hours of every cluster, in one transaction.
   */
  writeKubernetesHours(
    cluster: string,
    hours: KubernetesHour[],
  ): Promise<{ days: string[]; rows: number }>;
  hasKubernetesHours(cluster: string): Promise<boolean>;
  deleteKubernetesHoursBefore(hour: string): Promise<number>;
  hasRows(source: CostSourceId): Promise<boolean>;

  sumBy(
    dimension: CostDimension,
    filter: CostFilter,
  ): Promise<Array<{ key: string; team?: string; amount: Micros }>>;
  /** Sums by team and service (the service table and movers). */
  sumByTeamService(
    filter: CostFilter,
  ): Promise<Array<{ team: string; service: string; amount: Micros }>>;
  trend(
    filter: CostFilter,
  ): Promise<Array<{ date: string; amount: Micros; demo: boolean }>>;
  /** Teams and services that have rows, to resolve ownership of a service. */
  teamsOfService(service: string): Promise<string[]>;
  listTeams(): Promise<string[]>;

  replaceWhatIf(cluster: string, rows: WhatIfRow[]): Promise<void>;
  listWhatIf(teams?: string[]): Promise<WhatIfRow[]>;

  saveRun(run: SourceRun): Promise<void>;
  listRuns(): Promise<SourceRun[]>;
  anyDemo(source: CostSourceId): Promise<boolean>;

  /** Records a budget alert; false when one was already sent for the team and month. */
  claimBudgetAlert(team: string, month: string, at: string): Promise<boolean>;
}
