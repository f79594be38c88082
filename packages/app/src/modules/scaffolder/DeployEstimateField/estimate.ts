import {
  HOURS_PER_MONTH,
  instanceShape,
  PriceTable,
  resolvePrice,
  SpotPricing,
} from '@internal/pricing';
import {
  OPENCOST_DEFAULT_WEIGHTS,
  ResourceWeights,
} from '@internal/plugin-cost-common';

/** The prices node-mix serves at GET /prices. */
export interface Pricing {
  priceTable: PriceTable;
  spot: SpotPricing;
  defaultRegion: string;
}

/** The deploy form's placement and size. */
export interface DeployShape {
  replicas?: number;
  cpuRequest?: string;
  memoryRequest?: string;
  architecture?: string;
  capacityType?: string;
}

/**
 * The node a deployment is priced on: the platform's general-purpose
 * families, Graviton for arm64 and for multi-arch images (the chart prefers
 * Graviton), x86 for amd64. The Cost page charges a pod by its share of its
 * node, and the price per vCPU and GiB is the same across a family's sizes.
 */
export const REFERENCE_INSTANCE: Record<string, string> = {
  multi: 'm7g.xlarge',
  arm64: 'm7g.xlarge',
  amd64: 'm6i.xlarge',
};

/** `250m` -> 0.25, `0.5` -> 0.5 cores; undefined when unreadable. */
export function parseCpu(value: string | undefined): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(value ?? '');
  if (!m) return undefined;
  return Number(m[1]) / (m[2] ? 1000 : 1);
}

/** `256Mi` -> 0.25, `2Gi` -> 2 GiB; undefined when unreadable. */
export function parseMemoryGib(value: string | undefined): number | undefined {
  const m = /^([0-9]+)(Mi|Gi)$/.exec(value ?? '');
  if (!m) return undefined;
  return Number(m[1]) / (m[2] === 'Mi' ? 1024 : 1);
}

/** A deployment's monthly cost with its working. */
export interface DeployEstimate {
  instanceType: string;
  region: string;
  /** USD per month at the preferred capacity (spot for `any`). */
  monthly: number;
  /** USD per month on on-demand, when spot is only preferred. */
  monthlyCeiling?: number;
  /** Where each price came from, with its date. */
  sources: string[];
}

/**
 * What `replicas` pods of the given requests cost per month, the way the
 * Cost page allocates a node: its price is split into a CPU and a memory
 * part by the OpenCost weights, and a pod pays its requests' share of each.
 * Returns a reason instead when the form is not complete enough to price.
 */
export function estimateDeploy(
  pricing: Pricing,
  shape: DeployShape,
  weights: ResourceWeights = OPENCOST_DEFAULT_WEIGHTS,
): DeployEstimate | { reason: string } {
  const cpu = parseCpu(shape.cpuRequest);
  const mem = parseMemoryGib(shape.memoryRequest);
  const replicas = shape.replicas;
  if (cpu === undefined) return { reason: 'Give a CPU request to price it.' };
  if (mem === undefined)
    return { reason: 'Give a memory request to price it.' };
  if (!replicas || replicas < 1)
    return { reason: 'Give a number of replicas.' };
  const instanceType =
    REFERENCE_INSTANCE[shape.architecture ?? 'multi'] ??
    REFERENCE_INSTANCE.multi;
  const node = instanceShape(instanceType);
  if (!node) return { reason: `No shape for ${instanceType}.` };
  const region = pricing.defaultRegion;
  const share =
    (weights.cpuPerCoreHour * cpu + weights.ramPerGiBHour * mem) /
    (weights.cpuPerCoreHour * node.vcpu +
      weights.ramPerGiBHour * node.memoryGib);
  const price = (capacity: 'spot' | 'on-demand') =>
    resolvePrice(
      pricing.priceTable,
      pricing.spot,
      region,
      instanceType,
      capacity,
    );
  const monthlyOf = (perHour: number) =>
    perHour * share * replicas * HOURS_PER_MONTH;
  const capacity = shape.capacityType ?? 'any';
  const preferred = price(capacity === 'on-demand' ? 'on-demand' : 'spot');
  if (preferred.perHour === null) {
    return { reason: `No price for ${instanceType}: ${preferred.source}.` };
  }
  const sources = [preferred.source];
  let monthlyCeiling: number | undefined;
  if (capacity === 'any') {
    const od = price('on-demand');
    if (od.perHour !== null) {
      monthlyCeiling = monthlyOf(od.perHour);
      sources.push(od.source);
    }
  }
  return {
    instanceType,
    region,
    monthly: monthlyOf(preferred.perHour),
    monthlyCeiling,
    sources,
  };
}
