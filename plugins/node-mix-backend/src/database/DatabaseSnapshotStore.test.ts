import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { HistoryPoint } from '@internal/plugin-node-mix-common';
import { DatabaseSnapshotStore } from './DatabaseSnapshotStore';

jest.setTimeout(60_000);

const point = (at: string, nodes: number): HistoryPoint => ({
  at,
  nodes,
  vcpu: nodes * 4,
  memoryBytes: nodes * 16 * 2 ** 30,
  pods: nodes * 20,
  costPerHour: nodes * 0.1,
  costIsLowerBound: false,
  gravitonNodeShare: 0.5,
  spotNodeShare: 0.5,
  cpuRequestedShare: 0.6,
  byArch: { arm64: nodes / 2, amd64: nodes / 2 },
  byCapacityType: { spot: nodes / 2, 'on-demand': nodes / 2 },
});

describe('DatabaseSnapshotStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: string) {
    const knex = await databases.init(databaseId as any);
    const store = await DatabaseSnapshotStore.create({
      database: mockServices.database.mock({ getClient: async () => knex }),
    });
    return { knex, store };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('keeps the last good snapshot when a failure is recorded', async () => {
      const { store } = await createStore(databaseId);
      const success = new Date('2026-11-25T12:00:00Z');
      await store.saveSuccess(
        {
          cluster: 'dev',
          demo: true,
          kubernetesVersion: 'v1.34.1-demo',
          lastAttemptAt: success,
          lastSuccessAt: success,
          refreshDurationMs: 1234,
        },
        { summaryJson: '{"a":1}', nodesJson: '{"items":[]}' },
      );
      await store.saveFailure(
        'dev',
        new Date('2026-11-25T12:05:00Z'),
        'Cannot reach http://x: ECONNREFUSED',
      );
      await store.saveFailure(
        'never-worked',
        new Date('2026-11-25T12:05:00Z'),
        '401',
      );

      const states = (await store.listStates()).sort((a, b) =>
        a.cluster.localeCompare(b.cluster),
      );
      expect(states).toEqual([
        {
          cluster: 'dev',
          demo: true,
          kubernetesVersion: 'v1.34.1-demo',
          lastAttemptAt: new Date('2026-11-25T12:05:00Z'),
          lastSuccessAt: success,
          error: 'Cannot reach http://x: ECONNREFUSED',
          refreshDurationMs: 1234,
        },
        expect.objectContaining({
          cluster: 'never-worked',
          demo: false,
          lastSuccessAt: undefined,
          error: '401',
        }),
      ]);
      expect(await store.getSnapshot('dev')).toEqual({
        summaryJson: '{"a":1}',
        nodesJson: '{"items":[]}',
      });
      expect(await store.getSnapshot('never-worked')).toBeUndefined();

      // a later success clears the error
      await store.saveSuccess(
        {
          cluster: 'dev',
          demo: true,
          lastAttemptAt: new Date('2026-11-25T12:10:00Z'),
          lastSuccessAt: new Date('2026-11-25T12:10:00Z'),
        },
        { summaryJson: '{"a":2}', nodesJson: '{"items":[1]}' },
      );
      const dev = (await store.listStates()).find(s => s.cluster === 'dev')!;
      expect(dev.error).toBeUndefined();
      expect((await store.getSnapshot('dev'))!.summaryJson).toBe('{"a":2}');
    });

    it('lists history by cluster and window, and deletes past retention', async () => {
      const { store } = await createStore(databaseId);
      await store.addHistoryPoint('dev', point('2026-10-01T00:00:00.000Z', 10));
      await store.addHistoryPoint('dev', point('2026-11-24T00:00:00.000Z', 20));
      await store.addHistoryPoint('dev', point('2026-11-25T00:00:00.000Z', 30));
      await store.addHistoryPoint(
        'prod',
        point('2026-11-25T00:00:00.000Z', 99),
      );

      expect(await store.lastHistoryAt('dev')).toEqual(
        new Date('2026-11-25T00:00:00Z'),
      );
      expect(await store.lastHistoryAt('none')).toBeUndefined();
      const recent = await store.listHistory(
        'dev',
        new Date('2026-11-23T00:00:00Z'),
      );
      expect(recent.map(p => p.nodes)).toEqual([20, 30]);
      expect(recent[1]).toEqual(point('2026-11-25T00:00:00.000Z', 30));

      expect(
        await store.deleteHistoryBefore(new Date('2026-10-26T00:00:00Z')),
      ).toBe(1);
      expect(
        (await store.listHistory('dev', new Date(0))).map(p => p.nodes),
      ).toEqual([20, 30]);
      expect(
        (await store.listHistory('prod', new Date(0))).map(p => p.nodes),
      ).toEqual([99]);
    });

    it('migrates up and down', async () => {
      const { knex } = await createStore(databaseId);
      const directory = resolvePackagePath(
        '@internal/plugin-node-mix-backend',
        'migrations',
      );
      expect(await knex.schema.hasTable('node_mix_history')).toBe(true);
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('node_mix_history')).toBe(false);
      expect(await knex.schema.hasTable('node_mix_cluster_state')).toBe(false);
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('node_mix_cluster_state')).toBe(true);
    });
  });
});
