import { decimalToMicros, Micros } from './money';

/** A Hetzner Cloud server type and its net EUR list prices. @public */
export interface HetznerServerType {
  vcpu: number;
  memoryGb: number;
  /** EUR per hour, excl. VAT, as a decimal string. */
  hourlyNet: string;
  /** EUR per month, excl. VAT: Hetzner bills hourly up to this cap. */
  monthlyNet: string;
}

/** A dated Hetzner Cloud price table. @public */
export interface HetznerPriceTable {
  id: string;
  asOf: string;
  source: string;
  currency: 'EUR';
  /** Block storage, EUR per GB and month excl. VAT, as a decimal string. */
  volumeMonthlyNetPerGb: string;
  serverTypes: Record<string, HetznerServerType>;
}

/**
 * Hetzner Cloud server types the chain nodes may run on, with the German
 * and Finnish locations' list prices (fsn1, nbg1, hel1), transcribed from
 * hetzner.com/cloud, not fetched live. With `cost.hetzner.token` the cost
 * backend reads `GET /v1/server_types` instead; the shape matches its
 * `prices[].price_hourly.net` and `price_monthly.net`.
 *
 * TODO(pricing): ash/hil cost more; this table holds the EU locations only.
 * @public
 */
export const HETZNER_PRICES: HetznerPriceTable = {
  id: 'hetzner-cloud-eu-2026-11',
  asOf: '2026-11-27',
  source:
    'https://www.hetzner.com/cloud (EU locations, EUR excl. VAT), transcribed, not live',
  currency: 'EUR',
  volumeMonthlyNetPerGb: '0.044',
  serverTypes: {
    // Dedicated vCPU (AMD): what chain clients need for sync and RPC
    ccx13: { vcpu: 2, memoryGb: 8, hourlyNet: '0.0200', monthlyNet: '12.49' },
    ccx23: { vcpu: 4, memoryGb: 16, hourlyNet: '0.0392', monthlyNet: '24.49' },
    ccx33: { vcpu: 8, memoryGb: 32, hourlyNet: '0.0777', monthlyNet: '48.49' },
    ccx43: {
      vcpu: 16,
      memoryGb: 64,
      hourlyNet: '0.1546',
      monthlyNet: '96.49',
    },
    ccx53: {
      vcpu: 32,
      memoryGb: 128,
      hourlyNet: '0.3085',
      monthlyNet: '192.49',
    },
    ccx63: {
      vcpu: 48,
      memoryGb: 192,
      hourlyNet: '0.4623',
      monthlyNet: '288.49',
    },
    // Shared vCPU (AMD): light nodes and test networks
    cpx31: { vcpu: 4, memoryGb: 8, hourlyNet: '0.0232', monthlyNet: '13.60' },
    cpx41: { vcpu: 8, memoryGb: 16, hourlyNet: '0.0425', monthlyNet: '25.20' },
    cpx51: {
      vcpu: 16,
      memoryGb: 32,
      hourlyNet: '0.0889',
      monthlyNet: '54.90',
    },
  },
};

/** Days in the UTC month of an ISO date (`2026-12-02` -> 31). */
function daysInMonth(date: string): number {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * What a Hetzner server (and its volume) costs per month, in EUR micros: the
 * server type's monthly cap plus the volume's GB at the block storage price.
 * `undefined` when the type is not in the table.
 * @public
 */
export function hetznerMonthlyNet(
  table: HetznerPriceTable,
  input: { serverType: string; volumeSizeGb?: number },
): { server: Micros; volume: Micros; total: Micros } | undefined {
  const type = table.serverTypes[input.serverType];
  if (!type) {
    return undefined;
  }
  const server = decimalToMicros(type.monthlyNet);
  const volume = Math.round(
    decimalToMicros(table.volumeMonthlyNetPerGb) * (input.volumeSizeGb ?? 0),
  );
  return { server, volume, total: server + volume };
}

/**
 * One day of a server that ran all day, in EUR micros. Hetzner bills hourly
 * up to a monthly cap, so a server that runs all month costs the cap: a day
 * is the cap spread over the month's days, never more than 24 hours at the
 * hourly price (when the monthly price is unknown, 24 hours it is).
 * @public
 */
export function hetznerDailyNet(
  prices: { hourlyNet: string; monthlyNet?: string },
  date: string,
): Micros {
  const hours = decimalToMicros(prices.hourlyNet) * 24;
  if (!prices.monthlyNet) {
    return hours;
  }
  const capped = Math.round(
    decimalToMicros(prices.monthlyNet) / daysInMonth(date),
  );
  return Math.min(hours, capped);
}

/** One day of a volume, in EUR micros (the monthly price over the month's days). @public */
export function hetznerVolumeDailyNet(
  table: HetznerPriceTable,
  volumeSizeGb: number,
  date: string,
): Micros {
  return Math.round(
    (decimalToMicros(table.volumeMonthlyNetPerGb) * volumeSizeGb) /
      daysInMonth(date),
  );
}
