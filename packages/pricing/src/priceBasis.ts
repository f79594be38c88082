/**
 * Where one price came from, in the words the pages show next to it:
 * "AWS Price List, 3 h ago", "spot price history, eu-central-1a, 10 min
 * ago", "shipped table (2026-11-27), offline fallback".
 * @public
 */
export interface PriceBasis {
  origin:
    | 'aws-price-list'
    | 'spot-price-history'
    | 'shipped-table'
    | 'config'
    | 'spot-estimate';
  /** Short words for the page, without the age. */
  label: string;
  /** When the price was read from its source (ISO); the page shows its age. */
  asOf?: string;
  /** The zone of a spot price. */
  zone?: string;
  /** Why a fallback was used: live prices off, AWS throttled, a region without data. */
  fallbackReason?: string;
}

/** A price as AWS gave it, with when it was read. @public */
export interface LivePrice {
  perHour: number;
  /** When the portal read it (ISO). */
  asOf: string;
}

/**
 * Prices read from AWS and cached by node-mix: on-demand from the Price
 * List API by region, spot from `DescribeSpotPriceHistory` by zone.
 * @public
 */
export interface LivePrices {
  /** region -> instance type -> price */
  onDemand: Record<string, Record<string, LivePrice>>;
  /** availability zone -> instance type -> price */
  spot: Record<string, Record<string, LivePrice>>;
  /**
   * Why a kind of price is missing for a region, keyed `on-demand/<region>`
   * or `spot/<region>` ("AWS throttled the Price List API 4 times"); shown
   * with the fallback price.
   */
  problems: Record<string, string>;
}

/**
 * A configured discount (Savings Plans, an enterprise discount): a rate off
 * the list price of the matching capacity.
 * @public
 */
export interface PriceDiscount {
  /** Shown next to the effective price ("Compute Savings Plan"). */
  name: string;
  /** Fraction off, 0..1 (0.28 = 28 % off). */
  rate: number;
  /** Capacity types it covers (Savings Plans cover on-demand only). */
  capacityTypes: string[];
  /** Instance families it covers; all when absent. */
  instanceFamilies?: string[];
  /** Regions it covers; all when absent. */
  regions?: string[];
}

/** A requirement of a Karpenter NodeOverlay (a node selector requirement). @public */
export interface OverlayRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/**
 * The price part of a Karpenter `karpenter.sh/v1alpha1` NodeOverlay:
 * `spec.price` replaces the price, `spec.priceAdjustment` changes it
 * ("-10%", "+0.05"), the matching overlay with the highest `spec.weight`
 * wins (ties: the name later in the alphabet, as Karpenter orders them).
 * @public
 */
export interface NodeOverlayPrice {
  name: string;
  weight: number;
  requirements: OverlayRequirement[];
  price?: string;
  priceAdjustment?: string;
}

/** Changes made to a list price, in order. @public */
export interface PriceAdjustments {
  overlays: NodeOverlayPrice[];
  discounts: PriceDiscount[];
}

/** One change applied to a node's price. @public */
export interface AppliedAdjustment {
  kind: 'node-overlay' | 'discount';
  /** The NodeOverlay's or the discount's name. */
  name: string;
  /** What it does: "-10%", "+0.05 USD/h", "price 0.08 USD/h", "28% off". */
  change: string;
  /** USD per hour after this change. */
  perHourAfter: number;
}

/** "3 h ago" for a time before `now` (both in ms). @public */
export function describeAge(asOf: string | undefined, now: number): string {
  const t = asOf ? Date.parse(asOf) : NaN;
  if (!Number.isFinite(t)) {
    return 'age unknown';
  }
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

/** "AWS Price List, 3 h ago" for the page. @public */
export function describeBasis(basis: PriceBasis, now: number): string {
  const age =
    basis.asOf && basis.origin !== 'shipped-table'
      ? `, ${describeAge(basis.asOf, now)}`
      : '';
  const reason = basis.fallbackReason ? ` (${basis.fallbackReason})` : '';
  return `${basis.label}${age}${reason}`;
}
