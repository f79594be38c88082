import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  PLATFORM_REGION,
  PriceTable,
  SpotPricing,
} from '@internal/pricing';
import { Config, ConfigReader } from '@backstage/config';

/** The plugin's settings from `nodeMix` config, with defaults applied. */
export interface NodeMixSettings {
  refreshIntervalSeconds: number;
  requestTimeoutMs: number;
  /** Following clusters with watches after the first list. */
  watch: { enabled: boolean; debounceMs: number; timeoutSeconds: number };
  pageSize: number;
  snapshotIntervalMs: number;
  retentionMs: number;
  underutilizedThreshold: number;
  defaultRegion: string;
  priceTable: PriceTable;
  spot: SpotPricing;
}

function fraction(config: Config, key: string): number | undefined {
  const v = config.getOptionalNumber(key);
  if (v !== undefined && !(v >= 0 && v <= 1)) {
    throw new Error(
      `Invalid config 'nodeMix.${key}': ${v} is not between 0 and 1`,
    );
  }
  return v;
}

function positive(config: Config, key: string, fallback: number): number {
  const v = config.getOptionalNumber(key) ?? fallback;
  if (!(v > 0)) {
    throw new Error(
      `Invalid config 'nodeMix.${key}': ${v} must be greater than 0`,
    );
  }
  return v;
}

/** Reads and checks `nodeMix` config. */
export function readNodeMixSettings(root: Config): NodeMixSettings {
  const config = root.getOptionalConfig('nodeMix') ?? new ConfigReader({});
  const overrides =
    config.getOptional<Record<string, Record<string, number>>>(
      'pricing.onDemandOverrides',
    ) ?? {};
  const onDemand: PriceTable['onDemand'] = {};
  for (const region of new Set([
    ...Object.keys(AWS_ON_DEMAND_PRICES.onDemand),
    ...Object.keys(overrides),
  ])) {
    onDemand[region] = {
      ...AWS_ON_DEMAND_PRICES.onDemand[region],
      ...overrides[region],
    };
  }
  const hasOverrides = Object.keys(overrides).length > 0;
  return {
    refreshIntervalSeconds: positive(config, 'refreshIntervalSeconds', 60),
    requestTimeoutMs: positive(config, 'requestTimeoutSeconds', 20) * 1000,
    watch: {
      enabled: config.getOptionalBoolean('watch.enabled') ?? true,
      debounceMs: positive(config, 'watch.debounceMilliseconds', 500),
      timeoutSeconds: Math.round(positive(config, 'watch.timeoutSeconds', 300)),
    },
    pageSize: Math.round(positive(config, 'pageSize', 500)),
    snapshotIntervalMs:
      positive(config, 'history.snapshotIntervalMinutes', 5) * 60_000,
    retentionMs: positive(config, 'history.retentionDays', 30) * 24 * 3600_000,
    underutilizedThreshold:
      fraction(config, 'consolidation.underutilizedThreshold') ?? 0.5,
    defaultRegion:
      config.getOptionalString('pricing.defaultRegion') ?? PLATFORM_REGION,
    priceTable: {
      ...AWS_ON_DEMAND_PRICES,
      onDemand,
      // configured prices win over the ones read from AWS as well
      ...(hasOverrides ? { configured: overrides } : {}),
      source: hasOverrides
        ? `${AWS_ON_DEMAND_PRICES.source}; with overrides from nodeMix.pricing.onDemandOverrides`
        : AWS_ON_DEMAND_PRICES.source,
    },
    spot: {
      prices:
        config.getOptional<Record<string, number>>('pricing.spot.prices') ?? {},
      defaultDiscount:
        fraction(config, 'pricing.spot.defaultDiscount') ??
        AWS_SPOT_PRICING.defaultDiscount,
      source:
        config.getOptionalString('pricing.spot.source') ??
        (config.has('pricing.spot.prices')
          ? 'nodeMix.pricing.spot.prices'
          : AWS_SPOT_PRICING.source),
    },
  };
}
