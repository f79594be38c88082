/**
 * On-demand prices by region and instance type, with where they came from.
 * @public
 */
export interface PriceTable {
  id: string;
  /** Date the prices were read (ISO date). */
  asOf: string;
  /** Where they were read from. */
  source: string;
  currency: 'USD';
  /** region -> instance type -> USD per hour (Linux, shared tenancy). */
  onDemand: Record<string, Record<string, number>>;
}

/** How spot prices are known. @public */
export interface SpotPricing {
  /** USD per hour by instance type, or by `region/instance-type`. */
  prices: Record<string, number>;
  /** Fraction off on-demand to assume when no spot price is configured (0..1). */
  defaultDiscount?: number;
  /** Where the configured prices came from (shown next to them). */
  source: string;
}

/** A node's hourly price and its provenance. @public */
export interface ResolvedPrice {
  perHour: number | null;
  source: string;
}

/** Prices a node of an instance type and capacity type in a region. @public */
export function resolvePrice(
  table: PriceTable,
  spot: SpotPricing,
  region: string,
  instanceType: string,
  capacityType: string,
): ResolvedPrice {
  if (!instanceType || instanceType === 'unknown') {
    return { perHour: null, source: 'unknown instance type' };
  }
  const regionPrices = table.onDemand[region];
  const onDemand = regionPrices?.[instanceType];
  if (capacityType === 'spot') {
    const configured =
      spot.prices[`${region}/${instanceType}`] ?? spot.prices[instanceType];
    if (configured !== undefined) {
      return { perHour: configured, source: `spot: ${spot.source}` };
    }
    if (onDemand !== undefined && spot.defaultDiscount !== undefined) {
      return {
        perHour: onDemand * (1 - spot.defaultDiscount),
        source: `spot: estimated at ${Math.round(
          spot.defaultDiscount * 100,
        )}% below on-demand (${table.id})`,
      };
    }
    return { perHour: null, source: `no spot price for ${instanceType}` };
  }
  if (onDemand === undefined) {
    return {
      perHour: null,
      source: regionPrices
        ? `${instanceType} not in price table ${table.id}`
        : `region '${region}' not in price table ${table.id}`,
    };
  }
  return {
    perHour: onDemand,
    source: `on-demand: ${table.id} (${region}, as of ${table.asOf})`,
  };
}

const GRAVITON_BY_CATEGORY: Record<string, string> = {
  m: 'm7g',
  c: 'c7g',
  r: 'r7g',
};

/**
 * The Graviton instance type a workload on an x86 type would move to:
 * same category and size (m6i.2xlarge -> m7g.2xlarge). `undefined` when
 * there is no obvious equivalent (e.g. 32xlarge, which m7g lacks).
 * @public
 */
export function gravitonEquivalent(instanceType: string): string | undefined {
  const m = instanceType.match(/^([a-z])(\d+)([a-z-]*)\.(.+)$/);
  if (!m) {
    return undefined;
  }
  const target = GRAVITON_BY_CATEGORY[m[1]];
  if (!target || m[3].includes('g')) {
    return undefined;
  }
  return `${target}.${m[4]}`;
}

/** Hours in the month used for monthly costs (AWS uses 730). @public */
export const HOURS_PER_MONTH = 730;
