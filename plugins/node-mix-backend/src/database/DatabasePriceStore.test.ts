import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabasePriceStore } from './DatabasePriceStore';

jest.setTimeout(60_000);

const READ_1 = new Date('2026-12-02T08:00:00Z');
const READ_2 = new Date('2026-12-02T14:00:00Z');

describe('DatabasePriceStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: string) {
    const knex = await databases.init(databaseId as any);
    const store = await DatabasePriceStore.create({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    return { knex, store };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('replaces a kind and region of prices with a new read, with its date', async () => {
      const { store } = await createStore(databaseId);
      await store.replacePrices(
        'on-demand',
        'eu-central-1',
        [
          { zone: '', instanceType: 'm6i.xlarge', usdPerHour: 0.23 },
          { zone: '', instanceType: 'c7g.xlarge', usdPerHour: 0.1724 },
        ],
        READ_1,
      );
      await store.replacePrices(
        'spot',
        'eu-central-1',
        [
          {
            zone: 'eu-central-1a',
            instanceType: 'm6i.xlarge',
            usdPerHour: 0.0823,
          },
        ],
        READ_1,
      );
      await store.replacePrices(
        'on-demand',
        'eu-central-1',
        [{ zone: '', instanceType: 'm6i.xlarge', usdPerHour: 0.24 }],
        READ_2,
      );
      const prices = await store.listPrices();
      expect(
        prices
          .map(
            p =>
              `${p.kind} ${p.zone || p.region} ${p.instanceType} ${
                p.usdPerHour
              } ${p.readAt.toISOString()}`,
          )
          .sort(),
      ).toEqual([
        'on-demand eu-central-1 m6i.xlarge 0.24 2026-12-02T14:00:00.000Z',
        'spot eu-central-1a m6i.xlarge 0.0823 2026-12-02T08:00:00.000Z',
      ]);
    });

    it('keeps the stored prices and their success date when a refresh fails', async () => {
      const { store } = await createStore(databaseId);
      await store.replacePrices(
        'on-demand',
        'eu-central-1',
        [{ zone: '', instanceType: 'm6i.xlarge', usdPerHour: 0.23 }],
        READ_1,
      );
      await store.recordFailure(
        'on-demand',
        'eu-central-1',
        READ_2,
        'AWS throttled',
      );
      await store.recordFailure(
        'spot',
        'eu-central-1',
        READ_2,
        'no spot prices',
      );
      expect(await store.listPrices()).toHaveLength(1);
      const states = await store.listRefreshStates();
      expect(states.find(s => s.kind === 'on-demand')).toEqual({
        kind: 'on-demand',
        region: 'eu-central-1',
        lastAttemptAt: READ_2,
        lastSuccessAt: READ_1,
        error: 'AWS throttled',
      });
      expect(states.find(s => s.kind === 'spot')).toEqual({
        kind: 'spot',
        region: 'eu-central-1',
        lastAttemptAt: READ_2,
        error: 'no spot prices',
      });
    });

    it('stores a thousand prices in one refresh', async () => {
      const { store } = await createStore(databaseId);
      const many = Array.from({ length: 1000 }, (_, i) => ({
        zone: `eu-central-1${'abc'[i % 3]}`,
        instanceType: `m${i}.xlarge`,
        usdPerHour: i / 1000,
      }));
      await store.replacePrices('spot', 'eu-central-1', many, READ_1);
      expect(await store.listPrices()).toHaveLength(1000);
    });

    it('migrates up and down', async () => {
      const { knex } = await createStore(databaseId);
      const directory = resolvePackagePath(
        '@internal/plugin-node-mix-backend',
        'migrations',
      );
      expect(await knex.schema.hasTable('node_mix_prices')).toBe(true);
      await knex.migrate.down({ directory, name: '20261202140000_prices.js' });
      expect(await knex.schema.hasTable('node_mix_prices')).toBe(false);
      expect(await knex.schema.hasTable('node_mix_price_refresh')).toBe(false);
      expect(await knex.schema.hasTable('node_mix_cluster_state')).toBe(true);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('node_mix_price_refresh')).toBe(true);
    });
  });
});
