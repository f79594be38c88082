import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readCostConfig } from '../config';
import { CostRow } from '../database/CostStore';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { AwsCostExplorerSource } from '../sources/AwsCostExplorerSource';
import { CostPoller } from './CostPoller';
import { CostReader } from './CostReader';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-11-30T12:00:00Z');

const row = (amount: number): CostRow => ({
  date: '2026-11-29',
  source: 'aws',
  cluster: '',
  team: 'group:default/mono',
  service: 'wallet',
  amount,
  currency: 'USD',
  demo: false,
});

describe('CostPoller', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'alerts on the import that takes a team over its budget, even right after its budget was read, %p',
    async id => {
      const knex = await databases.init(id);
      const store = await DatabaseCostStore.create({
        database: mockServices.database({ knex }),
      });
      await store.replaceDays('aws', ['2026-11-29'], [row(1_000_000)]);
      const aws = {
        import: async () => {
          await store.replaceDays('aws', ['2026-11-29'], [row(300_000_000)]);
          return { days: ['2026-11-29'], rows: 1 };
        },
      } as unknown as AwsCostExplorerSource;
      const config = readCostConfig(
        new ConfigReader({
          cost: { aws: { region: 'eu-central-1' }, budgets: { mono: '100' } },
        }),
      );
      const send = jest.fn(async () => {});
      const poller = new CostPoller({
        store,
        config,
        owners: { serviceOwners: async () => new Map() },
        logger: mockServices.logger.mock(),
        sources: { aws },
        notifications: { send },
        now: () => NOW,
      });
      const reader = new CostReader({ store, config, now: () => NOW });

      // the Cost page has just read (and cached) the budget: within it
      expect((await reader.budgets())[0].exceeded).toBe(false);
      await poller.runImport('aws');
      expect(send).toHaveBeenCalledTimes(1);
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: 'group:default/mono' },
        }),
      );
      // once a month
      await poller.runImport('aws');
      expect(send).toHaveBeenCalledTimes(1);
    },
  );

  it('schedules the configured sources only, at their intervals', () => {
    const config = readCostConfig(
      new ConfigReader({
        cost: {
          aws: { region: 'eu-central-1', intervalMinutes: 120 },
          hetzner: { enabled: false },
        },
      }),
    );
    const poller = new CostPoller({
      store: {} as any,
      config,
      owners: { serviceOwners: async () => new Map() },
      logger: mockServices.logger.mock(),
      sources: { aws: {} as AwsCostExplorerSource },
    });
    expect(poller.schedules).toEqual([{ source: 'aws', intervalMinutes: 120 }]);
  });
});
