import { InputError } from '@backstage/errors';
import { hetznerPriceTable } from './hetznerPrices';

/** Hours per month AWS bills monthly figures with. @internal */
export const HOURS_PER_MONTH = 730;

/**
 * On-demand EC2 prices by region and instance type (structurally the
 * node-mix `PriceTable`).
 * @internal
 */
export interface Ec2PriceTable {
  id: string;
  asOf: string;
  source: string;
  onDemand: Record<string, Record<string, number>>;
}

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
};

const money = (n: number, currency: string, digits = 2) =>
  `${currency === 'EUR' ? '€' : '$'}${n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })}`;

/** Instance families in a region's price table. @internal */
export function knownFamilies(table: Ec2PriceTable, region: string): string[] {
  return [
    ...new Set(
      Object.keys(table.onDemand[region] ?? {}).map(t => t.split('.')[0]),
    ),
  ].sort();
}

/**
 * What a NodePool costs per month when it is scaled to its CPU limit: the
 * cheapest and the dearest allowed instance type per vCPU, on-demand (spot
 * is usually cheaper; the ceiling is what budgets need).
 *
 * @internal
 */
export function estimateNodePool(
  table: Ec2PriceTable,
  input: {
    region: string;
    families: string[];
    sizes: string[];
    cpuLimit: number;
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
  const unknownSizes = input.sizes.filter(s => !SIZE_VCPUS[s]);
  if (unknownSizes.length) {
    throw new InputError(
      `sizes: unknown instance size ${unknownSizes
        .map(s => `'${s}'`)
        .join(', ')}`,
    );
  }
  const perVcpu: Array<{ type: string; hourly: number }> = [];
  for (const family of input.families) {
    for (const size of input.sizes) {
      const type = `${family}.${size}`;
      const price = prices[type];
      if (price !== undefined)
        perVcpu.push({ type, hourly: price / SIZE_VCPUS[size] });
    }
  }
  if (!perVcpu.length) {
    throw new InputError(
      `sizes: none of ${input.sizes.join(
        ', ',
      )} is priced for families ${input.families.join(', ')} in ${table.id}`,
    );
  }
  perVcpu.sort((a, b) => a.hourly - b.hourly);
  const cheapest = perVcpu[0];
  const dearest = perVcpu[perVcpu.length - 1];
  const monthlyMin = cheapest.hourly * input.cpuLimit * HOURS_PER_MONTH;
  const monthlyMax = dearest.hourly * input.cpuLimit * HOURS_PER_MONTH;
  const summary = [
    `**Cost at the CPU limit (${input.cpuLimit} vCPU, on-demand, ${
      input.region
    }):** ${money(monthlyMin, 'USD')} – ${money(monthlyMax, 'USD')} per month`,
    `- cheapest per vCPU: ${cheapest.type} (${money(
      cheapest.hourly,
      'USD',
      4,
    )}/vCPU-hour), dearest: ${dearest.type} (${money(
      dearest.hourly,
      'USD',
      4,
    )}/vCPU-hour)`,
    `- ${HOURS_PER_MONTH} hours per month; spot capacity costs less. Prices: ${table.id}, as of ${table.asOf} (${table.source})`,
  ].join('\n');
  return { currency: 'USD', monthlyMin, monthlyMax, summary };
}

/** Hetzner server types the templates offer. @internal */
export function knownServerTypes(): string[] {
  return Object.keys(hetznerPriceTable.serverTypes);
}

/** What a Hetzner chain node (server + volume) costs per month. @internal */
export function estimateHetznerNode(input: {
  serverType: string;
  volumeSizeGb: number;
}): CostEstimate {
  const t = hetznerPriceTable;
  const server = t.serverTypes[input.serverType];
  if (!server) {
    throw new InputError(
      `serverType '${
        input.serverType
      }' is not a known Hetzner server type; use one of ${knownServerTypes().join(
        ', ',
      )}`,
    );
  }
  const volume = input.volumeSizeGb * t.volumeEurPerGbMonth;
  const total = server.eurPerMonth + volume;
  const summary = [
    `**Cost:** ${money(total, 'EUR')} per month (excl. VAT)`,
    `- server ${input.serverType} (${server.vcpu} vCPU, ${
      server.memoryGb
    } GB): ${money(server.eurPerMonth, 'EUR')}`,
    `- volume ${input.volumeSizeGb} GB at ${money(
      t.volumeEurPerGbMonth,
      'EUR',
      3,
    )}/GB: ${money(volume, 'EUR')}`,
    `- Prices: ${t.id}, as of ${t.asOf} (${t.source})`,
  ].join('\n');
  return { currency: 'EUR', monthlyMin: total, monthlyMax: total, summary };
}
