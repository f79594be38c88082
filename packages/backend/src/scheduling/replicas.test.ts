/*
 * Several backend replicas share one PostgreSQL. Pollers (node mix, chain
 * nodes, cost import, tree-head signing) schedule their work through
 * coreServices.scheduler with scope 'global', which must run each interval
 * once across all replicas. Two real test backends, the real scheduler,
 * one database.
 */
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Knex } from 'knex';

jest.setTimeout(60_000);

type Run = { replica: string; start: number; end: number };

function pollerPlugin(replica: string, runs: Run[]) {
  return createBackendPlugin({
    pluginId: 'poller',
    register(reg) {
      reg.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          await scheduler.scheduleTask({
            id: 'replicated_poll',
            scope: 'global',
            frequency: { seconds: 1 },
            timeout: { seconds: 10 },
            fn: async () => {
              const start = Date.now();
              await new Promise(r => setTimeout(r, 300));
              runs.push({ replica, start, end: Date.now() });
            },
          });
        },
      });
    },
  });
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

if (!databases.eachSupportedId().length) {
  // eslint-disable-next-line no-console
  console.warn(
    'SKIPPING the two-replica scheduler test: no PostgreSQL (set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
  );
}

const describeIfPg = databases.eachSupportedId().length
  ? describe
  : describe.skip;

describeIfPg('two backend replicas on one PostgreSQL', () => {
  it('run a global scheduled task once per interval, never twice at the same time', async () => {
    const knex: Knex = await databases.init('POSTGRES_15');
    const runs: Run[] = [];
    const replica = (name: string) =>
      startTestBackend({
        features: [
          pollerPlugin(name, runs),
          schedulerServiceFactory,
          mockServices.database.factory({ knex }),
        ],
      });
    const a = await replica('a');
    const b = await replica('b');
    await new Promise(r => setTimeout(r, 6_000));
    await Promise.all([a.stop(), b.stop()]);

    // ~6 intervals of 1 s: one run each, not one per replica.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(7);
    const sorted = [...runs].sort((x, y) => x.start - y.start);
    for (let i = 1; i < sorted.length; i++) {
      // No overlap: the next run starts after the previous one finished.
      expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end);
    }
  });
});
