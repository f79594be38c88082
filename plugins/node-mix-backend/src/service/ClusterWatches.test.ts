import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DemoClusterServer } from '@internal/demo-cluster';
import { gunzipSync } from 'node:zlib';
import { SnapshotStore } from '../database/SnapshotStore';
import { clusterDetails, startDemoCluster } from '../__testUtils__/demoCluster';
import { createCredentialProvider } from '../clients/credentials';
import { createNodeMix } from '../__testUtils__/nodeMix';
import { NodeMixPoller } from './NodeMixPoller';
import { NodeMixReader } from './NodeMixReader';
import { readNodeMixSettings } from '../config';

jest.setTimeout(60_000);

async function until(check: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('ClusterWatches: NodeMixPoller following clusters with watches', () => {
  let demo: DemoClusterServer;
  let poller: NodeMixPoller | undefined;
  let reader: NodeMixReader | undefined;

  beforeAll(async () => {
    demo = await startDemoCluster({ nodes: 40 });
  });

  afterAll(async () => {
    await demo.close();
  });

  afterEach(async () => {
    await poller?.stopWatching();
  });

  async function create(watch: object) {
    // storing is DatabaseSnapshotStore's (tested there); this keeps what is stored
    const snapshots = new Map<
      string,
      { summaryJson: string; nodesJson: string }
    >();
    const store: SnapshotStore = {
      saveSuccess: async (state, snapshot) => {
        snapshots.set(state.cluster, snapshot);
      },
      saveFailure: async () => {},
      listStates: async () => [],
      getSnapshot: async cluster => snapshots.get(cluster),
      addHistoryPoint: async () => {},
      lastHistoryAt: async () => undefined,
      listHistory: async () => [],
      deleteHistoryBefore: async () => 0,
    };
    const signals: Array<{ cluster: string; version: number }> = [];
    ({ poller, reader } = createNodeMix({
      clusters: [clusterDetails('dev', demo.url, 'demo-cluster-token')],
      credentials: createCredentialProvider(new ConfigReader({})),
      store,
      logger: mockServices.logger.mock(),
      settings: readNodeMixSettings(
        new ConfigReader({ nodeMix: { pageSize: 50, watch } }),
      ),
      onClusterChange: (cluster, version) => signals.push({ cluster, version }),
    }));
    return { store, signals };
  }

  const nodeNames = (s: NodeMixReader) =>
    (JSON.parse(s.getNodesJson('dev')).items as Array<{ name: string }>).map(
      n => n.name,
    );

  it('serves a node added in the cluster within 2 s, and signals only the cluster and a version', async () => {
    const { signals, store } = await create({ debounceMilliseconds: 300 });
    poller!.watchAll();
    await until(() => reader!.listClusters()[0].state === 'ok');
    // the first list is stored for other replicas
    expect((await store.getSnapshot('dev'))?.nodesJson).toBeDefined();
    const before = reader!.listClusters()[0].headline!.totals.nodes;

    const { nodesAdded } = demo.change(['scale-up']);
    const start = Date.now();
    await until(() => nodeNames(reader!).includes(nodesAdded[0]), 2000);
    expect(Date.now() - start).toBeLessThan(2000);
    expect(reader!.listClusters()[0].headline!.totals.nodes).toBe(before + 1);
    // the cost input follows too
    const cost = await reader!.getCostInput('dev');
    expect(cost.nodes.map(n => n.name)).toContain(nodesAdded[0]);

    await until(() => signals.length >= 2);
    const last = signals[signals.length - 1];
    expect(Object.keys(last).sort()).toEqual(['cluster', 'version']);
    expect(last.cluster).toBe('dev');
    expect(last.version).toBeGreaterThan(signals[0].version);
  });

  it('gzips the node table of each live change once, for every reader, and never an older one', async () => {
    await create({ debounceMilliseconds: 300 });
    poller!.watchAll();
    await until(() => reader!.listClusters()[0].state === 'ok');
    const { nodesAdded } = demo.change(['scale-up']);
    await until(() => nodeNames(reader!).includes(nodesAdded[0]), 2000);
    // the rest of the scale-up (the node turning Ready, its pods) may still
    // be arriving: each reader gets the gzip of the table as it asked
    const asked = reader!.getNodesJson('dev');
    const readers = [1, 2, 3].map(() => reader!.getNodesGzip('dev'));
    const [first, ...others] = await Promise.all(readers);
    for (const other of others) expect(other).toBe(first);
    expect(gunzipSync(first).toString()).toBe(asked);

    const next = demo.change(['scale-up']).nodesAdded[0];
    await until(() => nodeNames(reader!).includes(next), 2000);
    const after = await reader!.getNodesGzip('dev');
    expect(gunzipSync(after).toString()).toContain(next);
  });

  it('signals once for a burst of changes', async () => {
    const { signals } = await create({ debounceMilliseconds: 300 });
    poller!.watchAll();
    await until(() => reader!.listClusters()[0].state === 'ok');
    // a page is open on the cluster
    reader!.getClusterJson('dev');
    const count = signals.length;
    demo.change(['reschedule', 'reschedule']);
    demo.change(['reschedule']);
    demo.change(['scale-up']);
    await until(() => signals.length > count);
    await new Promise(r => setTimeout(r, 600));
    expect(signals.length).toBe(count + 1);
  });

  it('recomputes a cluster nobody reads only when it is read again, and answers that read at once', async () => {
    const { signals } = await create({ debounceMilliseconds: 100 });
    poller!.watchAll();
    await until(() => reader!.listClusters()[0].state === 'ok');
    const count = signals.length;
    const { nodesAdded } = demo.change(['scale-up']);
    const events = poller!.watchStats('dev')!.events;
    await until(() => poller!.watchStats('dev')!.events > events);
    await new Promise(r => setTimeout(r, 500));
    // not recomputed (nor signalled) while nobody reads it
    expect(signals.length).toBe(count);
    // the read gets the last result at once, and the next read the new one
    expect(nodeNames(reader!)).not.toContain(nodesAdded[0]);
    await until(() => nodeNames(reader!).includes(nodesAdded[0]), 2000);
    expect(signals.length).toBe(count + 1);
  });

  it('stores the live state on the scheduled refresh instead of listing again', async () => {
    const { store } = await create({ debounceMilliseconds: 100 });
    poller!.watchAll();
    await until(() => reader!.listClusters()[0].state === 'ok');
    const { nodesAdded } = demo.change(['scale-up']);
    await until(() => nodeNames(reader!).includes(nodesAdded[0]));
    await poller!.refreshAll();
    const stored = await store.getSnapshot('dev');
    expect(stored!.nodesJson).toContain(`"name":"${nodesAdded[0]}"`);
    expect(poller!.watchStats('dev')!.relists).toBe(0);
  });

  it('does not watch with nodeMix.watch.enabled false', async () => {
    await create({ enabled: false });
    poller!.watchAll();
    await new Promise(r => setTimeout(r, 300));
    expect(poller!.watchStats('dev')).toBeUndefined();
    expect(reader!.listClusters()[0].state).toBe('pending');
  });
});
