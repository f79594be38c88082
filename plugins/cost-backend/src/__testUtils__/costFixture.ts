import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { readCostConfig } from '../config';
import { CostRow } from '../database/CostStore';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CostSource } from '@internal/plugin-cost-node';
import { CostPoller } from '../service/CostPoller';
import { CostReader } from '../service/CostReader';

/** The fixture's clock starts here: 12:00 UTC, the day after `awsRow`'s. */
export const NOW = Date.parse('2026-11-30T12:00:00Z');

/** An AWS cost row of 2026-11-29 for the service `wallet`. */
export const awsRow = (team: string, amount: number): CostRow => ({
  date: '2026-11-29',
  source: 'aws',
  cluster: '',
  team,
  service: 'wallet',
  amount,
  currency: 'USD',
  demo: false,
});

/**
 * A store holding mono's 1.00 and vip's 7.00 of 2026-11-29 (budgets 100.00
 * each), the poller over a fake AWS source whose import replaces that day
 * with `setNextRows`, and the reader, wired as `plugin.ts` wires them.
 */
export async function startCostFixture(
  knex: Knex,
  options: { notifications?: NotificationService } = {},
) {
  const store = await DatabaseCostStore.create({
    database: mockServices.database({ knex }),
  });
  await store.replaceDays(
    'aws',
    ['2026-11-29'],
    [
      awsRow('group:default/mono', 1_000_000),
      awsRow('group:default/vip', 7_000_000),
    ],
  );
  let nextRows: CostRow[] = [];
  // The AWS source as the poller sees it: an import replaces the days.
  const aws: CostSource = {
    id: 'aws',
    intervalMinutes: 360,
    import: async ({ sink }) => {
      await sink.replaceDays('aws', ['2026-11-29'], nextRows);
      return { days: ['2026-11-29'], rows: nextRows.length };
    },
    report: () => ({ detail: 'GetCostAndUsage in eu-central-1' }),
  };
  let now = NOW;
  const config = readCostConfig(
    new ConfigReader({
      cost: {
        budgets: { mono: '100.00', vip: '100.00' },
      },
    }),
  );
  const reader = new CostReader({
    store,
    config,
    sources: [aws],
    now: () => now,
  });
  const poller = new CostPoller({
    store,
    config,
    owners: { serviceOwners: async () => new Map() },
    logger: mockServices.logger.mock(),
    sources: [aws],
    notifications: options.notifications,
    now: () => now,
  });
  return {
    store,
    reader,
    poller,
    // as plugin.ts wires it: an import drops the reader's cached views
    runImport: async (source: 'aws') => {
      try {
        await poller.runImport(source);
      } finally {
        reader.invalidate();
      }
    },
    setNextRows: (rows: CostRow[]) => {
      nextRows = rows;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}
