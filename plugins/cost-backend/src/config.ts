import {
  decimalToMicros,
  DEFAULT_EXCHANGE_RATE,
  Micros,
} from '@internal/pricing';
import { Config, ConfigReader } from '@backstage/config';
import { ShareOptions } from '@internal/plugin-cost-node';

/** The plugin's settings, read from `cost` with defaults applied. */
export interface CostConfig {
  kubernetes: {
    enabled: boolean;
    /** Clusters are listed under `kubernetes.clusterLocatorMethods` (node-mix reads them). */
    hasClusters: boolean;
    sampleIntervalMinutes: number;
    backfillDays: number;
    hourlyRetentionDays: number;
  };
  aws?: {
    region: string;
    credentials?: {
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    };
    teamTag: string;
    serviceTag: string;
    lookbackDays: number;
    excludeServices: string[];
    intervalMinutes: number;
  };
  hetzner: {
    enabled: boolean;
    token?: string;
    baseUrl: string;
    eurToUsd: string;
    backfillDays: number;
    intervalMinutes: number;
  };
  /** Monthly budget per team (group entity ref). */
  budgets: Map<string, Micros>;
  /** How idle and shared-namespace cost is spread over the teams. */
  share: ShareOptions;
}

function positiveInt(config: Config, key: string, fallback: number): number {
  const v = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(
      `Invalid config 'cost.${key}': ${v} must be a non-negative integer`,
    );
  }
  return v;
}

function amount(value: unknown, key: string): Micros {
  try {
    return decimalToMicros(String(value));
  } catch {
    throw new Error(
      `Invalid config 'cost.${key}': '${value}' is not an amount`,
    );
  }
}

/** `direct` or `group:default/direct` -> `group:default/direct`. */
export function teamRef(team: string): string {
  const t = team.toLocaleLowerCase('en-US');
  if (t.startsWith('group:')) return t;
  return t.includes('/') ? `group:${t}` : `group:default/${t}`;
}

/** Reads and checks `cost` config. */
export function readCostConfig(root: Config): CostConfig {
  const config = root.getOptionalConfig('cost') ?? new ConfigReader({});
  const aws = config.getOptionalConfig('aws');
  const accessKeyId = aws?.getOptionalString('accessKeyId');
  const secretAccessKey = aws?.getOptionalString('secretAccessKey');
  if ((accessKeyId && !secretAccessKey) || (!accessKeyId && secretAccessKey)) {
    throw new Error(
      `Invalid config 'cost.aws': set both accessKeyId and secretAccessKey, or neither`,
    );
  }
  const eurToUsd =
    config.getOptionalString('hetzner.eurToUsd') ??
    DEFAULT_EXCHANGE_RATE.eurToUsd;
  amount(eurToUsd, 'hetzner.eurToUsd');
  const budgets = new Map<string, Micros>();
  const budgetConfig = config.getOptionalConfig('budgets');
  for (const team of budgetConfig?.keys() ?? []) {
    budgets.set(
      teamRef(team),
      amount(budgetConfig!.get(team), `budgets.${team}`),
    );
  }
  // node-mix reads the clusters of the Kubernetes config
  const hasClusters = (
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  ).some(m => (m.getOptionalConfigArray('clusters') ?? []).length > 0);
  return {
    kubernetes: {
      enabled: config.getOptionalBoolean('kubernetes.enabled') ?? true,
      hasClusters,
      sampleIntervalMinutes:
        positiveInt(config, 'kubernetes.sampleIntervalMinutes', 15) || 15,
      backfillDays: positiveInt(config, 'kubernetes.backfillDays', 30),
      hourlyRetentionDays: positiveInt(
        config,
        'kubernetes.hourlyRetentionDays',
        100,
      ),
    },
    aws: aws
      ? {
          region: aws.getOptionalString('region') ?? 'us-east-1',
          credentials:
            accessKeyId && secretAccessKey
              ? {
                  accessKeyId,
                  secretAccessKey,
                  sessionToken: aws.getOptionalString('sessionToken'),
                }
              : undefined,
          teamTag: aws.getOptionalString('teamTag') ?? 'team',
          serviceTag: aws.getOptionalString('serviceTag') ?? 'service',
          lookbackDays: positiveInt(aws, 'lookbackDays', 14) || 14,
          excludeServices: aws.getOptionalStringArray('excludeServices') ?? [
            'Amazon Elastic Compute Cloud - Compute',
          ],
          intervalMinutes: positiveInt(aws, 'intervalMinutes', 360) || 360,
        }
      : undefined,
    hetzner: {
      enabled: config.getOptionalBoolean('hetzner.enabled') ?? true,
      token: config.getOptionalString('hetzner.token'),
      baseUrl:
        config.getOptionalString('hetzner.baseUrl') ??
        'https://api.hetzner.cloud/v1',
      eurToUsd,
      backfillDays: positiveInt(config, 'hetzner.backfillDays', 30),
      intervalMinutes: positiveInt(config, 'hetzner.intervalMinutes', 60) || 60,
    },
    budgets,
    share: readShare(config),
  };
}

function readShare(config: Config): ShareOptions {
  const rule =
    config.getOptionalString('allocation.shareRule') ?? 'proportional';
  if (rule !== 'proportional' && rule !== 'even' && rule !== 'none') {
    throw new Error(
      `Invalid config 'cost.allocation.shareRule': '${rule}' must be proportional, even or none`,
    );
  }
  return {
    rule,
    namespaces: config.getOptionalStringArray(
      'allocation.sharedNamespaces',
    ) ?? ['kube-system', 'monitoring'],
    idle: config.getOptionalBoolean('allocation.shareIdle') ?? true,
  };
}
