import type {
  AppliedAdjustment,
  NodeOverlayPrice,
  OverlayRequirement,
  PriceAdjustments,
} from './priceBasis';

const ADJUSTMENT = /^([+-])(\d*\.?\d+)(%?)$/;
const PRICE = /^\d+(\.\d+)?$/;

/**
 * The labels Karpenter matches a NodeOverlay's requirements against, as far
 * as they follow from an instance type offering, plus the node's own labels
 * (which win).
 * @public
 */
export function offeringLabels(offering: {
  instanceType: string;
  capacityType: string;
  region: string;
  zone?: string;
  labels?: Record<string, string>;
}): Record<string, string> {
  const out: Record<string, string> = {
    'node.kubernetes.io/instance-type': offering.instanceType,
    'karpenter.sh/capacity-type': offering.capacityType,
    'topology.kubernetes.io/region': offering.region,
  };
  if (offering.zone) out['topology.kubernetes.io/zone'] = offering.zone;
  const m = /^([a-z]+)(\d+)([a-z-]*)\.(.+)$/.exec(offering.instanceType);
  if (m) {
    out['karpenter.k8s.aws/instance-family'] = `${m[1]}${m[2]}${m[3]}`;
    out['karpenter.k8s.aws/instance-category'] = m[1];
    out['karpenter.k8s.aws/instance-generation'] = m[2];
    out['karpenter.k8s.aws/instance-size'] = m[4];
    out['kubernetes.io/arch'] = m[3].includes('g') ? 'arm64' : 'amd64';
  }
  return { ...out, ...(offering.labels ?? {}) };
}

function requirementMatches(
  r: OverlayRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = labels[r.key];
  const values = r.values ?? [];
  const compare = (test: (a: number, b: number) => boolean) =>
    has && values.length === 1 && test(Number(value), Number(values[0]));
  switch (r.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return compare((a, b) => a > b);
    case 'Lt':
      return compare((a, b) => a < b);
    case 'Gte':
      return compare((a, b) => a >= b);
    case 'Lte':
      return compare((a, b) => a <= b);
    default:
      return false;
  }
}

/** Karpenter's order: higher weight first, equal weights by name, later in the alphabet first. */
function byPrecedence(a: NodeOverlayPrice, b: NodeOverlayPrice): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  if (a.name === b.name) return 0;
  return a.name > b.name ? -1 : 1;
}

/**
 * Checks a NodeOverlay's price fields as the CRD does; returns why it is
 * not usable, or undefined.
 * @public
 */
export function invalidOverlayPrice(o: NodeOverlayPrice): string | undefined {
  if (o.price !== undefined && o.priceAdjustment !== undefined) {
    return "sets both 'price' and 'priceAdjustment'";
  }
  if (o.price !== undefined && !PRICE.test(o.price)) {
    return `price '${o.price}' is not a decimal number`;
  }
  if (o.priceAdjustment !== undefined) {
    const m = ADJUSTMENT.exec(o.priceAdjustment);
    if (!m) {
      return `priceAdjustment '${o.priceAdjustment}' is not like "-10%" or "+0.05"`;
    }
    if (m[3] && m[1] === '-' && Number(m[2]) > 100) {
      return `priceAdjustment '${o.priceAdjustment}' is more than -100%`;
    }
  }
  return undefined;
}

/**
 * Applies the winning NodeOverlay and then the configured discounts to a
 * list price.
 * @public
 */
export function applyAdjustments(
  listPerHour: number,
  adjustments: PriceAdjustments | undefined,
  offering: {
    instanceType: string;
    capacityType: string;
    region: string;
    zone?: string;
    labels?: Record<string, string>;
  },
): { perHour: number; applied: AppliedAdjustment[] } {
  const applied: AppliedAdjustment[] = [];
  let price = listPerHour;
  if (!adjustments) {
    return { perHour: price, applied };
  }
  const labels = offeringLabels(offering);
  const overlay = adjustments.overlays
    .filter(
      o =>
        (o.price !== undefined || o.priceAdjustment !== undefined) &&
        !invalidOverlayPrice(o) &&
        o.requirements.every(r => requirementMatches(r, labels)),
    )
    .sort(byPrecedence)[0];
  if (overlay) {
    let change: string;
    if (overlay.price !== undefined) {
      price = Number(overlay.price);
      change = `price ${overlay.price} USD/h`;
    } else {
      const [, sign, amount, percent] = ADJUSTMENT.exec(
        overlay.priceAdjustment!,
      )!;
      const delta = percent ? (price * Number(amount)) / 100 : Number(amount);
      price = Math.max(0, sign === '-' ? price - delta : price + delta);
      change = percent
        ? overlay.priceAdjustment!
        : `${overlay.priceAdjustment} USD/h`;
    }
    applied.push({
      kind: 'node-overlay',
      name: overlay.name,
      change,
      perHourAfter: price,
    });
  }
  const family = labels['karpenter.k8s.aws/instance-family'];
  for (const d of adjustments.discounts) {
    if (
      !d.capacityTypes.includes(offering.capacityType) ||
      (d.instanceFamilies && !d.instanceFamilies.includes(family)) ||
      (d.regions && !d.regions.includes(offering.region))
    ) {
      continue;
    }
    price *= 1 - d.rate;
    applied.push({
      kind: 'discount',
      name: d.name,
      change: `${Math.round(d.rate * 1000) / 10}% off`,
      perHourAfter: price,
    });
  }
  return { perHour: price, applied };
}
