import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseCostStore } from './DatabaseCostStore';
import { CostRow } from './CostStore';

jest.setTimeout(60_000);

const row = (
  date: string,
  service: string,
  amount: number,
  extra: Partial<CostRow> = {},
): CostRow => ({
  date,
  source: 'aws',
  cluster: '',
  team: 'group:default/mono',
  service,
  amount,
  currency: 'USD',
  demo: false,
  ...extra,
});

describe('DatabaseCostStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    return DatabaseCostStore.create({
      database: mockServices.database({ knex }),
    });
  }

  it.each(databases.eachSupportedId())('migrates up and down, %p', async id => {
    const knex = await databases.init(id);
    const directory = resolvePackagePath(
      '@internal/plugin-cost-backend',
      'migrations',
    );
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('cost_daily')).toBe(true);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('cost_daily')).toBe(false);
    expect(await knex.schema.hasTable('cost_k8s_hourly')).toBe(false);
  });

  it.each(databases.eachSupportedId())(
    're-importing a day replaces it instead of adding to it, %p',
    async id => {
      const store = await createStore(id);
      await store.replaceDays(
        'aws',
        ['2026-11-01', '2026-11-02'],
        [
          row('2026-11-01', 'wallet', 1_000_000),
          row('2026-11-02', 'wallet', 2_000_000),
        ],
      );
      await store.replaceDays(
        'aws',
        ['2026-11-02'],
        [row('2026-11-02', 'wallet', 5_000_000)],
      );
      await store.replaceDays(
        'aws',
        ['2026-11-02'],
        [row('2026-11-02', 'wallet', 5_000_000)],
      );
      const filter = { from: '2026-11-01', to: '2026-11-30' };
      expect(await store.trend(filter)).toEqual([
        { date: '2026-11-01', amount: 1_000_000, demo: false },
        { date: '2026-11-02', amount: 5_000_000, demo: false },
      ]);
      // another source on the same day is untouched
      await store.replaceDays(
        'hetzner',
        ['2026-11-02'],
        [row('2026-11-02', 'chain-node-1', 7, { source: 'hetzner' })],
      );
      await store.replaceDays('aws', ['2026-11-02'], []);
      expect(await store.sumBy('source', filter)).toEqual([
        { key: 'aws', amount: 1_000_000 },
        { key: 'hetzner', amount: 7 },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'a failing import leaves earlier days as they were, %p',
    async id => {
      const store = await createStore(id);
      await store.replaceDays(
        'aws',
        ['2026-11-01'],
        [row('2026-11-01', 'wallet', 1_000_000)],
      );
      // The import dies after the day's old rows were deleted inside the
      // transaction (as a lost connection or a constraint error would).
      jest
        .spyOn(store as any, 'insertDaily')
        .mockRejectedValueOnce(new Error('connection lost mid-import'));
      await expect(
        store.replaceDays(
          'aws',
          ['2026-11-01'],
          [row('2026-11-01', 'wallet', 3)],
        ),
      ).rejects.toThrow('connection lost mid-import');
      expect(
        await store.sumBy('service', { from: '2026-11-01', to: '2026-11-01' }),
      ).toEqual([{ key: 'wallet', amount: 1_000_000 }]);
    },
  );

  it.each(databases.eachSupportedId())(
    'sums hours into days across clusters and keeps amounts above 2^31, %p',
    async id => {
      const store = await createStore(id);
      const big = 3_000_000_000_123;
      await store.writeKubernetesHours('a', [
        {
          hour: '2026-11-01T00',
          rows: [{ team: 't', service: 's', amount: big }],
          demo: true,
        },
        {
          hour: '2026-11-01T01',
          rows: [{ team: 't', service: 's', amount: 5 }],
          demo: false,
        },
      ]);
      await store.writeKubernetesHours('b', [
        {
          hour: '2026-11-01T01',
          rows: [{ team: 't', service: 's', amount: 7 }],
          demo: false,
        },
      ]);
      // the same hour again replaces it
      await store.writeKubernetesHours('a', [
        {
          hour: '2026-11-01T01',
          rows: [{ team: 't', service: 's', amount: 6 }],
          demo: false,
        },
      ]);
      const filter = { from: '2026-11-01', to: '2026-11-01' };
      expect(await store.sumBy('cluster', filter)).toEqual([
        { key: 'a', amount: big + 6 },
        { key: 'b', amount: 7 },
      ]);
      expect(await store.trend(filter)).toEqual([
        { date: '2026-11-01', amount: big + 13, demo: true },
      ]);
      expect(await store.hasKubernetesHours('b')).toBe(true);
      expect(await store.hasKubernetesHours('c')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'sends a budget alert once per team and month, %p',
    async id => {
      const store = await createStore(id);
      expect(
        await store.claimBudgetAlert('group:default/mono', '2026-11', 'now'),
      ).toBe(true);
      expect(
        await store.claimBudgetAlert('group:default/mono', '2026-11', 'later'),
      ).toBe(false);
      expect(
        await store.claimBudgetAlert('group:default/mono', '2026-12', 'later'),
      ).toBe(true);
    },
  );
});
