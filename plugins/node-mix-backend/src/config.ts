import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  PLATFORM_REGION,
  PriceDiscount,
  PriceTable,
  SpotPricing,
} from '@internal/pricing';
import { Config, ConfigReader } from '@backstage/config';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  CatalogClusterOptions,
  readCatalogClusterOptions,
} from './service/catalogClusters';
import { readClustersFromConfig } from './service/clusters';

// The `nodeMix` keys of config.d.ts are read here, with their defaults and
// checks, so a wrong value stops the backend at start-up rather than
// mid-refresh. The clusters come from the `kubernetes` config, read beside
// the code that follows the Kubernetes backend's locators.

/** Everything node-mix reads from config, checked. */
export interface NodeMixConfig {
  settings: NodeMixSettings;
  pricing: PriceSettings;
  /** `kubernetes.clusterLocatorMethods` of `type: config`. */
  clusters: ClusterDetails[];
  /** With a `type: catalog` locator: how catalog clusters are read (and `nodeMix.catalogClusters`). */
  catalogClusters?: CatalogClusterOptions;
}

/** Reads and checks node-mix's config (see {@link NodeMixConfig}). */
export function readNodeMixConfig(root: Config): NodeMixConfig {
  const settings = readNodeMixSettings(root);
  return {
    settings,
    pricing: readPriceSettings(root, settings.defaultRegion),
    clusters: readClustersFromConfig(root),
    catalogClusters: readCatalogClusterOptions(root),
  };
}

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

/** `nodeMix.pricing.aws`, `nodeMix.pricing.discounts` and `nodeMix.pricing.nodeOverlays`. */
export interface PriceSettings {
  aws: {
    enabled: boolean;
    /** Regions whose on-demand and spot prices are read. */
    regions: string[];
    /** Where the Price List API is called (it has few endpoints). */
    priceListRegion: string;
    refreshIntervalMinutes: number;
    /** Families whose spot prices are read (all their sizes). */
    spotInstanceFamilies: string[];
    /** Attempts per AWS call when throttled. */
    maxAttempts: number;
  };
  discounts: PriceDiscount[];
  /** Read the clusters' Karpenter NodeOverlays and apply their prices. */
  nodeOverlays: boolean;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const FAMILY = /^[a-z]+\d+[a-z-]*$/;

function invalid(key: string, why: string): Error {
  return new Error(`Invalid config 'nodeMix.pricing.${key}': ${why}`);
}

/** Reads and checks the live-price and discount config. */
export function readPriceSettings(
  root: Config,
  defaultRegion: string,
): PriceSettings {
  const config = root.getOptionalConfig('nodeMix.pricing');
  const aws = config?.getOptionalConfig('aws');
  const regions = aws?.getOptionalStringArray('regions') ?? [defaultRegion];
  for (const r of regions) {
    if (!REGION.test(r))
      throw invalid('aws.regions', `'${r}' is no AWS region`);
  }
  const priceListRegion =
    aws?.getOptionalString('priceListRegion') ?? 'us-east-1';
  if (!REGION.test(priceListRegion)) {
    throw invalid(
      'aws.priceListRegion',
      `'${priceListRegion}' is no AWS region`,
    );
  }
  const refreshIntervalMinutes =
    aws?.getOptionalNumber('refreshIntervalMinutes') ?? 360;
  if (!(refreshIntervalMinutes >= 5)) {
    throw invalid(
      'aws.refreshIntervalMinutes',
      `${refreshIntervalMinutes} must be at least 5`,
    );
  }
  const spotInstanceFamilies = aws?.getOptionalStringArray(
    'spotInstanceFamilies',
  ) ?? ['m6i', 'c6i', 'r6i', 'm7g', 'c7g', 'r7g'];
  for (const f of spotInstanceFamilies) {
    if (!FAMILY.test(f)) {
      throw invalid('aws.spotInstanceFamilies', `'${f}' is no instance family`);
    }
  }
  const maxAttempts = aws?.getOptionalNumber('maxAttempts') ?? 5;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw invalid(
      'aws.maxAttempts',
      `${maxAttempts} must be a whole number >= 1`,
    );
  }

  const discounts = (config?.getOptionalConfigArray('discounts') ?? []).map(
    (d, i) => {
      const name = d.getString('name');
      const rate = d.getNumber('rate');
      if (!(rate >= 0 && rate < 1)) {
        throw invalid(`discounts[${i}].rate`, `${rate} is not between 0 and 1`);
      }
      const capacityTypes = d.getOptionalStringArray('capacityTypes') ?? [
        'on-demand',
      ];
      for (const c of capacityTypes) {
        if (c !== 'on-demand' && c !== 'spot') {
          throw invalid(
            `discounts[${i}].capacityTypes`,
            `'${c}' is neither on-demand nor spot`,
          );
        }
      }
      const instanceFamilies = d.getOptionalStringArray('instanceFamilies');
      const discountRegions = d.getOptionalStringArray('regions');
      return {
        name,
        rate,
        capacityTypes,
        ...(instanceFamilies ? { instanceFamilies } : {}),
        ...(discountRegions ? { regions: discountRegions } : {}),
      };
    },
  );

  return {
    aws: {
      enabled: aws?.getOptionalBoolean('enabled') ?? false,
      regions,
      priceListRegion,
      refreshIntervalMinutes,
      spotInstanceFamilies,
      maxAttempts,
    },
    discounts,
    nodeOverlays: config?.getOptionalBoolean('nodeOverlays.enabled') ?? true,
  };
}
