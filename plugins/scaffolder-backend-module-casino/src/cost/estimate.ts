import { InputError } from '@backstage/errors';
import {
  AWS_SPOT_PRICING,
  describeExchangeRate,
  eurToUsd,
  ExchangeRate,
  formatMoney,
  HETZNER_PRICES,
  hetznerMonthlyNet,
  HOURS_PER_MONTH,
  instanceShape,
  PriceTable,
  resolvePrice,
  SpotPricing,
  unitsToMicros,
} from '@internal/pricing';

/** A monthly cost estimate with its working. @internal */
export interface CostEstimate {
  currency: 'USD' | 'EUR';
  /** Lowest plausible monthly cost */
  monthlyMin: number;
  /** Highest monthly cost (the ceiling) */
  monthlyMax: number;
  /** Markdown for the pull request body */
  summary: string;
}

const SIZES = [
  'medium',
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
];

const usd = (units: number, fractionDigits = 2) =>
  formatMoney(unitsToMicros(units), 'USD', { fractionDigits });

/** Instance families in a region's price table. @internal */
export function knownFamilies(table: PriceTable, region: string): string[] {
  return [
    ...new Set(
      Object.keys(table.onDemand[region] ?? {}).map(t => t.split('.')[0]),
    ),
  ].sort();
}

/**
 * What a NodePool costs per month when it is scaled to its limits: Karpenter
 * stops adding nodes at whichever of the CPU and memory limits comes first,
 * so each allowed instance type is counted up to the lower of the two. The
 * range runs from the cheapest to the dearest type; spot capacity is priced
 * at spot prices, and a pool that may also use on-demand has the on-demand
 * price as its ceiling (Karpenter falls back to it when spot is short).
 *
 * @internal
 */
export function estimateNodePool(
  table: PriceTable,
  input: {
    region: string;
    families: string[];
    sizes: string[];
    cpuLimit: number;
    memoryLimitGi?: number;
    capacityTypes?: string[];
    spot?: SpotPricing;
  },
): CostEstimate {
  const prices = table.onDemand[input.region];
  if (!prices) {
    throw new InputError(
      `region '${input.region}' is not in price table ${table.id}`,
    );
  }
  const known = knownFamilies(table, input.region);
  const unknown = input.families.filter(f => !known.includes(f));
  if (unknown.length) {
    throw new InputError(
      `families: ${unknown.map(f => `'${f}'`).join(', ')} not in price table ${
        table.id
      } for ${input.region}; known families: ${known.join(', ')}`,
    );
  }
  const unknownSizes = input.sizes.filter(s => !SIZES.includes(s));
  if (unknownSizes.length) {
    throw new InputError(
      `sizes: unknown instance size ${unknownSizes
        .map(s => `'${s}'`)
        .join(', ')}`,
    );
  }
  const capacityTypes = input.capacityTypes?.length
    ? input.capacityTypes
    : ['on-demand'];
  const withSpot = capacityTypes.includes('spot');
  const spotOnly = !capacityTypes.includes('on-demand');
  const spot = input.spot ?? AWS_SPOT_PRICING;
  const perType: Array<{
    type: string;
    nodes: number;
    low: number;
    high: number;
  }> = [];
  // where the prices used came from, for the pull request
  const sources = new Set<string>();
  for (const family of input.families) {
    for (const size of input.sizes) {
      const type = `${family}.${size}`;
      const shape = instanceShape(type);
      if (!shape || prices[type] === undefined) continue;
      const od = resolvePrice(table, spot, input.region, type, 'on-demand');
      const onDemand = od.perHour;
      if (onDemand === null) continue;
      const sp = withSpot
        ? resolvePrice(table, spot, input.region, type, 'spot')
        : undefined;
      const spotPrice = sp?.perHour ?? null;
      if (!spotOnly) sources.add(od.source);
      if (sp?.perHour !== null && sp?.perHour !== undefined) {
        sources.add(sp.source);
      }
      const nodes = Math.min(
        input.cpuLimit / shape.vcpu,
        input.memoryLimitGi === undefined
          ? Infinity
          : input.memoryLimitGi / shape.memoryGib,
      );
      const low = spotPrice ?? onDemand;
      perType.push({
        type,
        nodes,
        low: low * nodes,
        high: (spotOnly ? low : onDemand) * nodes,
      });
    }
  }
  if (!perType.length) {
    throw new InputError(
      `sizes: none of ${input.sizes.join(
        ', ',
      )} is priced for families ${input.families.join(', ')} in ${table.id}`,
    );
  }
  const cheapest = perType.reduce((a, b) => (b.low < a.low ? b : a));
  const dearest = perType.reduce((a, b) => (b.high > a.high ? b : a));
  const monthlyMin = cheapest.low * HOURS_PER_MONTH;
  const monthlyMax = dearest.high * HOURS_PER_MONTH;
  let pricing = 'on-demand';
  if (spotOnly) pricing = 'spot';
  else if (withSpot) pricing = 'spot, on-demand as the ceiling';
  const limits =
    input.memoryLimitGi === undefined
      ? `${input.cpuLimit} vCPU`
      : `${input.cpuLimit} vCPU, ${input.memoryLimitGi} GiB`;
  const count = (n: number) => `${Math.round(n * 10) / 10}`;
  const summary = [
    `**Cost at the limits (${limits}, ${pricing}, ${input.region}):** ${usd(
      monthlyMin,
    )} – ${usd(monthlyMax)} per month`,
    `- cheapest: ${count(cheapest.nodes)} × ${cheapest.type} at ${usd(
      cheapest.low / cheapest.nodes,
      4,
    )}/hour, dearest: ${count(dearest.nodes)} × ${dearest.type} at ${usd(
      dearest.high / dearest.nodes,
      4,
    )}/hour`,
    `- ${HOURS_PER_MONTH} hours per month. Prices: ${[...sources].join('; ')}`,
  ].join('\n');
  return { currency: 'USD', monthlyMin, monthlyMax, summary };
}

/** Hetzner server types the templates offer. @internal */
export function knownServerTypes(): string[] {
  return Object.keys(HETZNER_PRICES.serverTypes);
}

/**
 * What a Hetzner chain node (server + volume) costs per month, in EUR, with
 * the USD the Cost page shows for it at the same exchange rate.
 * @internal
 */
export function estimateHetznerNode(
  input: { serverType: string; volumeSizeGb: number },
  rate: ExchangeRate,
): CostEstimate {
  const t = HETZNER_PRICES;
  const server = t.serverTypes[input.serverType];
  const cost = hetznerMonthlyNet(t, input);
  if (!server || !cost) {
    throw new InputError(
      `serverType '${
        input.serverType
      }' is not a known Hetzner server type; use one of ${knownServerTypes().join(
        ', ',
      )}`,
    );
  }
  const eur = (micros: number, fractionDigits = 2) =>
    formatMoney(micros, 'EUR', { fractionDigits });
  const summary = [
    `**Cost:** ${eur(cost.total)} per month (excl. VAT); ${formatMoney(
      eurToUsd(cost.total, rate),
      'USD',
      { fractionDigits: 2 },
    )} on the Cost page at ${describeExchangeRate(rate)}`,
    `- server ${input.serverType} (${server.vcpu} vCPU, ${
      server.memoryGb
    } GB): ${eur(cost.server)} (monthly cap; billed ${eur(
      unitsToMicros(Number(server.hourlyNet)),
      4,
    )}/hour up to it)`,
    `- volume ${input.volumeSizeGb} GB at ${eur(
      unitsToMicros(Number(t.volumeMonthlyNetPerGb)),
      3,
    )}/GB: ${eur(cost.volume)}`,
    `- Prices: ${t.id}, as of ${t.asOf} (${t.source})`,
  ].join('\n');
  const total = cost.total / 1_000_000;
  return { currency: 'EUR', monthlyMin: total, monthlyMax: total, summary };
}
