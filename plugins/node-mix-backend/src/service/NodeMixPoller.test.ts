import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DemoClusterServer } from '@internal/demo-cluster';
import {
  clusterDetails,
  closedPortUrl,
  startDemoCluster,
} from '../__testUtils__/demoCluster';
import {
  createNodeMix,
  createNodeMixOnDatabase,
} from '../__testUtils__/nodeMix';
import { readNodeMixSettings } from '../config';

jest.setTimeout(60_000);

describe('NodeMixPoller (read through NodeMixReader)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let good: DemoClusterServer;
  let slow: DemoClusterServer;
  let clock: number;

  beforeAll(async () => {
    good = await startDemoCluster({ nodes: 40 });
    slow = await startDemoCluster({ nodes: 5, latencyMs: 2000 });
  });

  afterAll(async () => {
    await good.close();
    await slow.close();
  });

  async function createService(clusters: ReturnType<typeof clusterDetails>[]) {
    clock = Date.parse('2026-11-25T12:00:00Z');
    return createNodeMixOnDatabase({
      knex: await databases.init('SQLITE_3'),
      clusters,
      now: () => clock,
    });
  }

  it('reads a cluster through its API with paging', async () => {
    const { poller, reader } = await createService([
      clusterDetails('dev', good.url, 'demo-cluster-token'),
    ]);
    await poller.refreshAll();
    const [dev] = reader.listClusters();
    expect(dev).toMatchObject({
      name: 'dev',
      state: 'ok',
      demo: true,
      kubernetesVersion: 'v1.34.1-demo',
      dataAgeSeconds: 0,
    });

    const objects = good.model.current().collections;
    const podCount = objects.get('core/pods')!.length;
    const cluster = JSON.parse(reader.getClusterJson('dev'));
    expect(cluster.summary.totals.nodes).toBe(40);
    expect(cluster.summary.pods).toBe(podCount); // > pageSize: paging worked
    expect(podCount).toBeGreaterThan(50 * 3);
    expect(cluster.summary.nodePools.map((p: any) => p.name)).toEqual([
      'graviton',
      'x86',
    ]);
    expect(cluster.summary.nodeClaims.total).toBe(
      objects.get('karpenter.sh/nodeclaims')!.length,
    );
    // the two bootstrap nodes (m5.large) have no price: totals are lower bounds
    expect(cluster.summary.totals.costIsLowerBound).toBe(true);
    expect(cluster.summary.totals.unpricedNodes).toBe(2);
    const nodes = JSON.parse(reader.getNodesJson('dev'));
    expect(nodes.items).toHaveLength(40);
    const summed = nodes.items.reduce((s: number, n: any) => s + n.pods, 0);
    expect(summed).toBe(podCount);
  });

  it('keeps each failing cluster to itself: unreachable, timeout, 401, 403', async () => {
    const { poller, reader } = await createService([
      clusterDetails('dev', good.url, 'demo-cluster-token'),
      clusterDetails('gone', await closedPortUrl(), 'demo-cluster-token'),
      clusterDetails('slow', slow.url, 'demo-cluster-token'),
      clusterDetails('wrong-token', good.url, 'not-a-token'),
      clusterDetails('no-rights', good.url, 'demo-no-rights-token'),
      clusterDetails('core-only', good.url, 'demo-core-only-token'),
    ]);
    await poller.refreshAll();
    const byName = Object.fromEntries(
      reader.listClusters().map(c => [c.name, c]),
    );
    expect(byName.dev.state).toBe('ok');
    expect(byName.gone).toMatchObject({
      state: 'error',
      error: expect.stringMatching(
        /^Cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
      ),
    });
    expect(byName.slow).toMatchObject({
      state: 'error',
      error: 'Timed out after 1.5 s waiting for /version',
    });
    expect(byName['wrong-token'].error).toContain(
      "rejected the portal's credentials (401 Unauthorized)",
    );
    expect(byName['no-rights'].error).toContain(
      'may not read /api/v1/nodes (403 Forbidden)',
    );
    expect(byName['no-rights'].headline).toBeUndefined();
    // without rights on Karpenter's objects the mix is still there, with warnings
    expect(byName['core-only'].state).toBe('ok');
    const coreOnly = JSON.parse(reader.getClusterJson('core-only'));
    expect(coreOnly.summary.totals.nodes).toBe(40);
    expect(coreOnly.summary.nodePools).toEqual([]);
    expect(coreOnly.summary.warnings[0]).toContain(
      'may not read /apis/karpenter.sh/v1/nodepools (403 Forbidden)',
    );
    expect(() => reader.getNodesJson('gone')).toThrow(
      "No snapshot of cluster 'gone' yet: Cannot reach",
    );
  });

  it('shows the error with the age of the last good snapshot, also after a restart', async () => {
    const flaky = await startDemoCluster({ nodes: 10 });
    const details = clusterDetails('flaky', flaky.url, 'demo-cluster-token');
    const { poller, reader, store } = await createService([details]);
    await poller.refreshAll();
    await flaky.close();
    clock += 300_000;
    await poller.refreshAll();
    const [status] = reader.listClusters();
    expect(status).toMatchObject({
      state: 'error',
      dataAgeSeconds: 300,
      lastSuccessAt: '2026-11-25T12:00:00.000Z',
    });
    expect(status.error).toMatch(/^Cannot reach/);
    expect(status.headline!.totals.nodes).toBe(10);

    // a new process (or another replica) reads the same state from the database
    const { poller: restartedPoller, reader: restarted } = createNodeMix({
      clusters: [details],
      credentials: { getCredential: async () => ({ type: 'anonymous' }) },
      store,
      logger: mockServices.logger.mock(),
      settings: readNodeMixSettings(new ConfigReader({})),
      now: () => clock + 60_000,
    });
    expect(restarted.listClusters()[0].state).toBe('pending');
    await restartedPoller.syncFromStore();
    expect(restarted.listClusters()[0]).toMatchObject({
      state: 'error',
      dataAgeSeconds: 360,
    });
    expect(JSON.parse(restarted.getNodesJson('flaky')).items).toHaveLength(10);
  });

  it('stores history points at the snapshot interval and drops them past retention', async () => {
    const { poller, reader, store } = await createService([
      clusterDetails('dev', good.url, 'demo-cluster-token'),
    ]);
    await poller.refreshAll();
    clock += 60_000; // within the 5-minute interval: no new point
    await poller.refreshAll();
    good.model.churn();
    clock += 5 * 60_000;
    await poller.refreshAll();
    const history = await reader.getHistory('dev', '24h');
    expect(history.points.map(p => p.at)).toEqual([
      '2026-11-25T12:00:00.000Z',
      '2026-11-25T12:06:00.000Z',
    ]);
    expect(history.points[0].nodes).toBe(40);
    expect(history.points[0].costPerHour).toBeGreaterThan(0);

    clock += 31 * 24 * 3600_000;
    await poller.refreshAll();
    expect(
      (await store.listHistory('dev', new Date(0))).map(p => p.at),
    ).toEqual([new Date(clock).toISOString()]);
    await expect(reader.getHistory('nope', '24h')).rejects.toThrow(
      "Unable to find cluster 'nope'",
    );
  });
});
