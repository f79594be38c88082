import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseChainNodesStore } from './DatabaseChainNodesStore';
import { ProbeRecord } from './ChainNodesStore';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-27T10:00:00Z');
const node = 'resource:default/chain-fsn1-1';

function probe(
  at: number,
  state: ProbeRecord['state'],
  extra: Partial<ProbeRecord> = {},
): ProbeRecord {
  return {
    nodeRef: node,
    probedAt: at,
    state,
    reasons: state === 'healthy' ? [] : [`${state} for a test`],
    latencyMs: 10,
    chainId: 31337,
    blockNumber: 100,
    chainHead: 100,
    blocksBehind: 0,
    peerCount: null,
    syncing: false,
    blockAgeSeconds: 1,
    ...extra,
  };
}

describe('DatabaseChainNodesStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseChainNodesStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'migrates up and down cleanly, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@internal/plugin-chain-nodes-backend',
        'migrations',
      );
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('chain_node_probes')).toBe(true);
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('chain_node_probes')).toBe(false);
      expect(await knex.schema.hasTable('chain_node_meta')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores a cycle and reads status and events back, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.recordCycle({
        probes: [
          probe(T0, 'down', {
            blockNumber: 2 ** 40,
            peerCount: 3,
            syncing: true,
          }),
        ],
        statuses: [
          {
            nodeRef: node,
            observedState: 'down',
            observedSince: T0,
            observedCount: 1,
            confirmedState: 'healthy',
            confirmedSince: T0 - HOUR,
            lastProbeAt: T0,
            lastResult: { evaluation: { reasons: ['unreachable'] } },
          },
        ],
        events: [
          {
            nodeRef: node,
            at: T0 - HOUR,
            fromState: 'unknown',
            toState: 'healthy',
            reasons: [],
          },
          {
            nodeRef: node,
            at: T0,
            fromState: 'healthy',
            toState: 'down',
            reasons: ['unreachable'],
          },
        ],
      });

      expect(await store.getStatuses()).toEqual([
        expect.objectContaining({
          nodeRef: node,
          observedState: 'down',
          observedSince: T0,
          confirmedSince: T0 - HOUR,
          lastResult: { evaluation: { reasons: ['unreachable'] } },
        }),
      ]);
      expect(await store.getEvents(node, { limit: 1 })).toEqual([
        {
          nodeRef: node,
          at: T0,
          fromState: 'healthy',
          toState: 'down',
          reasons: ['unreachable'],
        },
      ]);
      expect(await store.getStatuses(['resource:default/other'])).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls raw probes up by the hour, keeps uptime across the seam and prunes only rolled-up rows, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      // Two hours at one probe per 15 minutes: hour 1 all healthy,
      // hour 2 half down. Then a partial third hour with one lagging probe.
      const probes: ProbeRecord[] = [];
      for (let i = 0; i < 4; i++)
        probes.push(probe(T0 + i * 15 * 60_000, 'healthy', { peerCount: 4 }));
      for (let i = 0; i < 4; i++) {
        probes.push(
          probe(T0 + HOUR + i * 15 * 60_000, i < 2 ? 'down' : 'healthy', {
            latencyMs: 100 * (i + 1),
            peerCount: i < 2 ? null : 2,
          }),
        );
      }
      probes.push(
        probe(T0 + 2 * HOUR + 60_000, 'degraded', { blocksBehind: 12 }),
      );
      await store.recordCycle({ probes, statuses: [], events: [] });

      const now = T0 + 2 * HOUR + 120_000;
      const whole = { samples: 9, up: 7, healthy: 6, firstAt: T0 };
      expect(await store.getUptime(node, T0)).toEqual(whole);
      // A window that starts before the first probe is observed from that probe.
      expect(await store.getUptime(node, T0 - 5 * HOUR)).toEqual(whole);
      expect(await store.getUptime('resource:default/other', T0)).toBeNull();

      expect(await store.rollUp(now)).toEqual({ hours: 2 });
      expect(await store.rollUp(now)).toEqual({ hours: 0 });
      // Same uptime once hours are rolled up: rollups before the watermark,
      // raw probes after it.
      expect(await store.getUptime(node, T0)).toEqual(whole);

      const rollups = await store.getRollupHistory(node, T0);
      expect(rollups).toEqual([
        {
          at: T0,
          samples: 4,
          healthySamples: 4,
          avgBlocksBehind: 0,
          avgPeerCount: 4,
          avgLatencyMs: 10,
        },
        {
          at: T0 + HOUR,
          samples: 4,
          healthySamples: 2,
          avgBlocksBehind: 0,
          avgPeerCount: 2,
          avgLatencyMs: 250,
        },
      ]);

      // Retention asks to drop everything raw, but unrolled probes survive.
      const pruned = await store.prune({
        raw: now,
        rollups: T0 + HOUR,
        events: now,
      });
      expect(pruned).toEqual({ raw: 8, rollups: 1, events: 0 });
      const [{ count }] = await knex('chain_node_probes').count({ count: '*' });
      expect(Number(count)).toBe(1);
      expect(await store.getUptime(node, T0)).toEqual({
        samples: 5,
        up: 3,
        healthy: 2,
        firstAt: T0 + HOUR,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'thins raw history to the requested number of points, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const probes = Array.from({ length: 10 }, (_, i) =>
        probe(T0 + i * 15_000, i % 2 ? 'degraded' : 'healthy', {
          blocksBehind: i,
        }),
      );
      await store.recordCycle({ probes, statuses: [], events: [] });
      const history = await store.getRawHistory(node, T0, 5);
      expect(history).toHaveLength(5);
      expect(history[0]).toEqual({
        at: T0,
        samples: 2,
        healthySamples: 1,
        avgBlocksBehind: 0.5,
        avgPeerCount: null,
        avgLatencyMs: 10,
      });
      expect(history[4].avgBlocksBehind).toBe(8.5);
    },
  );
});
