import { applyAdjustments } from './adjustments';
import type {
  AppliedAdjustment,
  LivePrice,
  LivePrices,
  PriceAdjustments,
  PriceBasis,
} from './priceBasis';

/**
 * On-demand prices by region and instance type, with where they came from.
 * The shipped table is the offline fallback; node-mix adds the prices it
 * read from AWS (`live`), configured corrections (`configured`) and the
 * cluster's NodeOverlays and configured discounts (`adjustments`).
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
  /** Prices read from AWS; they win over the shipped table. */
  live?: LivePrices;
  /** Configured corrections (region -> type -> USD/h); they win over everything. */
  configured?: Record<string, Record<string, number>>;
  /** Why the shipped table is used when there are no live prices ("AWS prices off"). */
  fallbackReason?: string;
  /** NodeOverlays and discounts applied to the list price. */
  adjustments?: PriceAdjustments;
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
  /** Effective USD per hour (after NodeOverlays and discounts). */
  perHour: number | null;
  /** All of it in one line (tooltips, pull requests). */
  source: string;
  /** The price before NodeOverlays and discounts. */
  listPerHour?: number | null;
  /** Where the list price came from and when. */
  basis?: PriceBasis;
  /** What changed the list price, in order. */
  adjustments?: AppliedAdjustment[];
}

/** Hours in the month used for monthly costs (AWS uses 730). @public */
export const HOURS_PER_MONTH = 730;

/** The region the platform runs in (Terraform, templates and docs). @public */
export const PLATFORM_REGION = 'eu-central-1';

/** EC2 instance sizes, smallest first, as named in instance types. @public */
export const EC2_SIZES: readonly string[] = [
  'medium',
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
  '32xlarge',
];
/** vCPUs of each size; `.large` has 2. */
const SIZE_VCPUS: Record<string, number> = {
  medium: 1,
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
  '32xlarge': 128,
};
/** GiB of memory per vCPU by category: general (m), compute (c), memory (r). */
const GIB_PER_VCPU: Record<string, number> = { m: 4, c: 2, r: 8 };

// Sizes each family is sold in (x86 has no medium; Graviton 3 tops out at 16xlarge).
const FAMILY_SIZES: Record<string, string[]> = {
  m6i: EC2_SIZES.slice(1),
  c6i: EC2_SIZES.slice(1),
  r6i: EC2_SIZES.slice(1),
  m7g: EC2_SIZES.slice(0, 8),
  c7g: EC2_SIZES.slice(0, 8),
  r7g: EC2_SIZES.slice(0, 8),
};

/**
 * Hourly price of the `.large` size, Linux, shared tenancy. Every other size
 * of these families is priced linearly from it (AWS prices them so).
 */
const LARGE_PRICE: Record<string, Record<string, number>> = {
  'us-east-1': {
    m6i: 0.096,
    c6i: 0.085,
    r6i: 0.126,
    m7g: 0.0816,
    c7g: 0.0725,
    r7g: 0.1071,
  },
  'eu-central-1': {
    m6i: 0.115,
    c6i: 0.097,
    r6i: 0.152,
    m7g: 0.0972,
    c7g: 0.0862,
    r7g: 0.1285,
  },
};

function expand(): PriceTable['onDemand'] {
  const out: PriceTable['onDemand'] = {};
  for (const [region, families] of Object.entries(LARGE_PRICE)) {
    out[region] = {};
    for (const [family, large] of Object.entries(families)) {
      for (const size of FAMILY_SIZES[family]) {
        out[region][`${family}.${size}`] =
          Math.round(((large * SIZE_VCPUS[size]) / 2) * 1e5) / 1e5;
      }
    }
  }
  return out;
}

/**
 * On-demand EC2 prices for the platform's NodePool families (m6i/c6i/r6i,
 * m7g/c7g/r7g) in us-east-1 and eu-central-1, so the Clusters and Cost pages
 * and the templates' pull request estimates price nodes from one dated table.
 *
 * TODO(pricing): read these from the AWS Price List API
 * (`pricing:GetProducts`) when credentials are configured; until then
 * correct or extend them with `nodeMix.pricing.onDemandOverrides`.
 * @public
 */
export const AWS_ON_DEMAND_PRICES: PriceTable = {
  id: 'aws-ec2-ondemand-linux-2026-11',
  asOf: '2026-11-27',
  source:
    'AWS EC2 On-Demand pricing (aws.amazon.com/ec2/pricing/on-demand), Linux, shared tenancy; transcribed into the plugin, not fetched live',
  currency: 'USD',
  onDemand: expand(),
};

/**
 * Spot pricing without a live feed: spot capacity is priced at an assumed
 * discount below on-demand unless a price is configured
 * (`nodeMix.pricing.spot.prices`).
 *
 * TODO(pricing): `ec2:DescribeSpotPriceHistory` when credentials exist.
 * @public
 */
export const AWS_SPOT_PRICING: SpotPricing & { asOf: string } = {
  asOf: '2026-11-27',
  prices: {},
  defaultDiscount: 0.6,
  source: 'assumed 60% below on-demand (no live spot feed)',
};

/** vCPUs and memory of an instance type of the families above, or undefined. @public */
export function instanceShape(
  instanceType: string,
): { vcpu: number; memoryGib: number } | undefined {
  const m = /^([mcr])\d+[a-z-]*\.(.+)$/.exec(instanceType);
  const vcpu = m ? SIZE_VCPUS[m[2]] : undefined;
  if (!m || !vcpu) {
    return undefined;
  }
  return { vcpu, memoryGib: vcpu * GIB_PER_VCPU[m[1]] };
}

function shippedBasis(table: PriceTable, region: string): PriceBasis {
  return {
    origin: 'shipped-table',
    label: `shipped table (${table.asOf}), offline fallback`,
    asOf: table.asOf,
    fallbackReason:
      table.live?.problems[`on-demand/${region}`] ?? table.fallbackReason,
  };
}

/** The on-demand list price of a type in a region and where it came from. */
function onDemandList(
  table: PriceTable,
  region: string,
  instanceType: string,
): { perHour: number; basis: PriceBasis } | { missing: string } {
  const configured = table.configured?.[region]?.[instanceType];
  if (configured !== undefined) {
    return {
      perHour: configured,
      basis: { origin: 'config', label: 'nodeMix.pricing.onDemandOverrides' },
    };
  }
  const live = table.live?.onDemand[region]?.[instanceType];
  if (live) {
    return {
      perHour: live.perHour,
      basis: {
        origin: 'aws-price-list',
        label: `AWS Price List (${region})`,
        asOf: live.asOf,
      },
    };
  }
  const regionPrices = table.onDemand[region];
  const shipped = regionPrices?.[instanceType];
  if (shipped !== undefined) {
    return { perHour: shipped, basis: shippedBasis(table, region) };
  }
  return {
    missing: regionPrices
      ? `${instanceType} not in price table ${table.id}`
      : `region '${region}' not in price table ${table.id}`,
  };
}

/** A live spot price: the zone's, or without a zone the mean of the region's zones. */
function liveSpot(
  table: PriceTable,
  region: string,
  instanceType: string,
  zone: string | undefined,
): { perHour: number; basis: PriceBasis } | undefined {
  const spot = table.live?.spot;
  if (!spot) return undefined;
  if (zone) {
    const p = spot[zone]?.[instanceType];
    return p
      ? {
          perHour: p.perHour,
          basis: {
            origin: 'spot-price-history',
            label: `spot price history, ${zone}`,
            asOf: p.asOf,
            zone,
          },
        }
      : undefined;
  }
  const inRegion: Array<[string, LivePrice]> = Object.entries(spot)
    .filter(([z, types]) => z.startsWith(region) && types[instanceType])
    .map(([z, types]): [string, LivePrice] => [z, types[instanceType]]);
  if (!inRegion.length) return undefined;
  const mean =
    inRegion.reduce((s, [, p]) => s + p.perHour, 0) / inRegion.length;
  const oldest = inRegion.map(([, p]) => p.asOf).sort()[0];
  return {
    perHour: mean,
    basis: {
      origin: 'spot-price-history',
      label: `spot price history, ${region} (mean of ${inRegion.length} zone${
        inRegion.length === 1 ? '' : 's'
      })`,
      asOf: oldest,
    },
  };
}

function sourceLine(
  capacity: string,
  basis: PriceBasis,
  applied: AppliedAdjustment[],
): string {
  const when =
    basis.asOf && basis.origin !== 'shipped-table'
      ? `, read ${basis.asOf}`
      : '';
  const why = basis.fallbackReason ? ` (${basis.fallbackReason})` : '';
  const changes = applied.map(
    a =>
      `; ${a.kind === 'node-overlay' ? 'NodeOverlay' : 'discount'} ${a.name}: ${
        a.change
      }`,
  );
  return `${capacity}: ${basis.label}${when}${why}${changes.join('')}`;
}

/**
 * Prices a node of an instance type and capacity type in a region: the list
 * price from the live AWS prices, else configured, else the shipped table
 * (spot: the zone's spot price history, else configured spot prices, else
 * the assumed discount), then the winning NodeOverlay and the configured
 * discounts. `node` adds the zone and labels NodeOverlays match on.
 * @public
 */
export function resolvePrice(
  table: PriceTable,
  spot: SpotPricing,
  region: string,
  instanceType: string,
  capacityType: string,
  node?: { zone?: string; labels?: Record<string, string> },
): ResolvedPrice {
  if (!instanceType || instanceType === 'unknown') {
    return { perHour: null, source: 'unknown instance type' };
  }
  const zone = node?.zone && node.zone !== 'unknown' ? node.zone : undefined;
  let list: { perHour: number; basis: PriceBasis } | undefined;
  if (capacityType === 'spot') {
    list = liveSpot(table, region, instanceType, zone);
    const configured =
      spot.prices[`${region}/${instanceType}`] ?? spot.prices[instanceType];
    if (!list && configured !== undefined) {
      list = {
        perHour: configured,
        basis: { origin: 'config', label: spot.source },
      };
    }
    if (!list) {
      const onDemand = onDemandList(table, region, instanceType);
      if ('missing' in onDemand || spot.defaultDiscount === undefined) {
        return { perHour: null, source: `no spot price for ${instanceType}` };
      }
      const reason =
        table.live?.problems[`spot/${region}`] ?? table.fallbackReason;
      list = {
        perHour: onDemand.perHour * (1 - spot.defaultDiscount),
        basis: {
          origin: 'spot-estimate',
          label: `estimated at ${Math.round(
            spot.defaultDiscount * 100,
          )}% below on-demand (${
            onDemand.basis.origin === 'shipped-table'
              ? table.id
              : onDemand.basis.label
          })`,
          ...(onDemand.basis.origin === 'shipped-table'
            ? {}
            : { asOf: onDemand.basis.asOf }),
          ...(reason ? { fallbackReason: reason } : {}),
        },
      };
    }
  } else {
    const onDemand = onDemandList(table, region, instanceType);
    if ('missing' in onDemand) {
      return { perHour: null, source: onDemand.missing };
    }
    list = onDemand;
  }
  const { perHour, applied } = applyAdjustments(
    list.perHour,
    table.adjustments,
    {
      instanceType,
      capacityType,
      region,
      zone,
      labels: node?.labels,
    },
  );
  return {
    perHour,
    source: sourceLine(capacityType, list.basis, applied),
    listPerHour: list.perHour,
    basis: list.basis,
    adjustments: applied,
  };
}
