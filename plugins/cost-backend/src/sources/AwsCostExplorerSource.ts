import { decimalToMicros } from '@internal/pricing';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostExplorerClient,
  GetCostAndUsageCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { UNALLOCATED } from '@internal/plugin-cost-common';
import { AwsCostExplorerClient } from '../clients/AwsCostExplorerClient';
import { CostRow, CostStore } from '../database/CostStore';
import { DAY_MS, day } from '../service/days';
import { CostConfig, teamRef } from '../config';

/**
 * AWS Cost Explorer: `GetCostAndUsage`, daily, grouped by the team and
 * service cost-allocation tags. Every page is read before anything is
 * written, so a failed import leaves the stored days as they were.
 */
export class AwsCostExplorerSource {
  private readonly now: () => number;
  private readonly costExplorer: AwsCostExplorerClient;

  constructor(
    private readonly options: {
      settings: NonNullable<CostConfig['aws']>;
      store: CostStore;
      logger: LoggerService;
      client?: CostExplorerClient;
      now?: () => number;
      sleep?: (ms: number) => Promise<void>;
      maxAttempts?: number;
    },
  ) {
    this.now = options.now ?? Date.now;
    this.costExplorer = new AwsCostExplorerClient({
      region: options.settings.region,
      credentials: options.settings.credentials,
      logger: options.logger,
      client: options.client,
      sleep: options.sleep,
      maxAttempts: options.maxAttempts,
    });
  }

  /** Imports the last `lookbackDays` full days plus today (Cost Explorer's End is exclusive). */
  async import(): Promise<{ days: string[]; rows: number }> {
    const { settings, store } = this.options;
    const end = day(this.now() + DAY_MS);
    const start = day(this.now() - settings.lookbackDays * DAY_MS);
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: start, End: end },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'TAG', Key: settings.teamTag },
        { Type: 'TAG', Key: settings.serviceTag },
      ],
      ...(settings.excludeServices.length > 0
        ? {
            Filter: {
              Not: {
                Dimensions: {
                  Key: 'SERVICE',
                  Values: settings.excludeServices,
                },
              },
            },
          }
        : {}),
    };
    const rows: CostRow[] = [];
    const days = new Set<string>();
    for (const result of await this.costExplorer.getCostAndUsage(input)) {
      const date = result.TimePeriod?.Start;
      if (!date) continue;
      days.add(date);
      for (const group of result.Groups ?? []) {
        const metric = group.Metrics?.UnblendedCost;
        if (!metric?.Amount) continue;
        // Keys come as "<tag>$<value>"; an untagged resource has an empty value.
        const [teamKey = '', serviceKey = ''] = group.Keys ?? [];
        const team = teamKey.slice(teamKey.indexOf('$') + 1);
        const service = serviceKey.slice(serviceKey.indexOf('$') + 1);
        rows.push({
          date,
          source: 'aws',
          cluster: '',
          team: team ? teamRef(team) : UNALLOCATED,
          service: service || '(untagged)',
          amount: decimalToMicros(metric.Amount),
          currency: metric.Unit ?? 'USD',
          demo: false,
        });
      }
    }
    const other = rows.find(r => r.currency !== 'USD');
    if (other) {
      throw new Error(
        `Cost Explorer answered in ${other.currency}; only USD is supported`,
      );
    }
    const list = [...days].sort();
    await store.replaceDays('aws', list, rows);
    return { days: list, rows: rows.length };
  }
}
