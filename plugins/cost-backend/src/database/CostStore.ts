import { Micros } from '@internal/pricing';
import { CostSourceId } from '@internal/plugin-cost-common';
import { CostSink, WhatIfRow } from '@internal/plugin-cost-node';

// The rows sources write are declared with the sink in cost-node.
export type {
  CostRow,
  KubernetesHour,
  WhatIfRow,
} from '@internal/plugin-cost-node';

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

/**
 * Storage of cost rows: what the sources write (`CostSink`) and what the
 * reader and poller read.
 */
export interface CostStore extends CostSink {
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

  listWhatIf(teams?: string[]): Promise<WhatIfRow[]>;

  saveRun(run: SourceRun): Promise<void>;
  listRuns(): Promise<SourceRun[]>;
  anyDemo(source: CostSourceId): Promise<boolean>;

  /** Records a budget alert; false when one was already sent for the team and month. */
  claimBudgetAlert(team: string, month: string, at: string): Promise<boolean>;
}
