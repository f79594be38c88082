import { decimalToMicros } from '@internal/pricing';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostExplorerClient,
  GetCostAndUsageCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { UNALLOCATED } from '@internal/plugin-cost-common';
import {
  CostImportContext,
  CostRow,
  CostSource,
  CostSourceReport,
  teamRef,
} from '@internal/plugin-cost-node';
import { AwsCostExplorerClient } from './clients/AwsCostExplorerClient';
import { AwsCostConfig } from './config';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (UTC) of a time. */
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * AWS Cost Explorer: `GetCostAndUsage`, daily, grouped by the team and
 * service cost-allocation tags. Every page is read before anything is
 * written, so a failed import leaves the stored days as they were.
 */
export class AwsCostExplorerSource implements CostSource {
  readonly id = 'aws';
  private readonly now: () => number;
  private readonly costExplorer: AwsCostExplorerClient;

  constructor(
    private readonly options: {
      settings: AwsCostConfig;
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

  get intervalMinutes(): number {
    return this.options.settings.intervalMinutes;
  }

  report(): CostSourceReport {
    const { region, teamTag, serviceTag } = this.options.settings;
    return {
      detail: `GetCostAndUsage in ${region}, grouped by tags ${teamTag}/${serviceTag}`,
    };
  }

  /** Imports the last `lookbackDays` full days plus today (Cost Explorer's End is exclusive). */
  async import({ sink }: Pick<CostImportContext, 'sink'>): Promise<{
    days: string[];
    rows: number;
  }> {
    const { settings } = this.options;
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
    await sink.replaceDays('aws', list, rows);
    return { days: list, rows: rows.length };
  }
}
