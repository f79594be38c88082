import { decimalToMicros, Micros } from '@internal/pricing';
import { Config, ConfigReader } from '@backstage/config';
import {
  readCostShareOptions,
  ShareOptions,
  teamRef,
} from '@internal/plugin-cost-node';

/**
 * The plugin's own settings, read from `cost` with defaults applied; each
 * source module reads its own keys (`cost.kubernetes`, `cost.aws`,
 * `cost.hetzner`).
 */
export interface CostConfig {
  /** Monthly budget per team (group entity ref). */
  budgets: Map<string, Micros>;
  /** How idle and shared-namespace cost is spread over the teams. */
  share: ShareOptions;
}

function amount(value: unknown, key: string): Micros {
  try {
    return decimalToMicros(String(value));
  } catch {
    throw new Error(
      `Invalid config 'cost.${key}': '${value}' is not an amount`,
    );
  }
}

/** Reads and checks `cost` config. */
export function readCostConfig(root: Config): CostConfig {
  const config = root.getOptionalConfig('cost') ?? new ConfigReader({});
  const budgets = new Map<string, Micros>();
  const budgetConfig = config.getOptionalConfig('budgets');
  for (const team of budgetConfig?.keys() ?? []) {
    budgets.set(
      teamRef(team),
      amount(budgetConfig!.get(team), `budgets.${team}`),
    );
  }
  return { budgets, share: readCostShareOptions(root) };
}
