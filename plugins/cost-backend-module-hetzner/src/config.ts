import { Config } from '@backstage/config';
import { decimalToMicros, DEFAULT_EXCHANGE_RATE } from '@internal/pricing';
import { readNonNegativeInteger } from '@internal/plugin-cost-node';

/** `cost.hetzner` with defaults applied. */
export interface HetznerCostConfig {
  enabled: boolean;
  token?: string;
  baseUrl: string;
  /** EUR to USD, a decimal string. */
  eurToUsd: string;
  backfillDays: number;
  intervalMinutes: number;
}

/** Reads and checks `cost.hetzner`; the source is on unless `enabled: false`. */
export function readHetznerCostConfig(root: Config): HetznerCostConfig {
  const eurToUsd =
    root.getOptionalString('cost.hetzner.eurToUsd') ??
    DEFAULT_EXCHANGE_RATE.eurToUsd;
  try {
    decimalToMicros(eurToUsd);
  } catch {
    throw new Error(
      `Invalid config 'cost.hetzner.eurToUsd': '${eurToUsd}' is not an amount`,
    );
  }
  return {
    enabled: root.getOptionalBoolean('cost.hetzner.enabled') ?? true,
    token: root.getOptionalString('cost.hetzner.token'),
    baseUrl:
      root.getOptionalString('cost.hetzner.baseUrl') ??
      'https://api.hetzner.cloud/v1',
    eurToUsd,
    backfillDays: readNonNegativeInteger(root, 'cost.hetzner.backfillDays', 30),
    intervalMinutes:
      readNonNegativeInteger(root, 'cost.hetzner.intervalMinutes', 60) || 60,
  };
}
