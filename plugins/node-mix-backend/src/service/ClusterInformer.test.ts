import { mockServices } from '@backstage/backend-test-utils';
import {
  DEFAULT_SERVICES,
  DemoClusterModel,
  DemoClusterServer,
  startDemoClusterServer,
} from '@internal/demo-cluster';
import { ClusterInformer } from './ClusterInformer';
import { KubernetesClient } from '../clients/KubernetesClient';

jest.setTimeout(30_000);

async function until(check: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('ClusterInformer', () => {
  let server: DemoClusterServer;
  let informer: ClusterInformer | undefined;

  async function start(options: {
    watchRetentionMs?: number;
    bookmarkIntervalMs?: number;
    token?: string;
  }) {
    server = await startDemoClusterServer({
      model: new DemoClusterModel({
        name: 'informer',
        nodes: 30,
        seed: 3,
        services: DEFAULT_SERVICES,
      }),
      watchRetentionMs: options.watchRetentionMs,
      bookmarkIntervalMs: options.bookmarkIntervalMs,
    });
    const reader = new KubernetesClient({
      cluster: {
        name: 'informer',
        url: server.url,
        authMetadata: {},
        skipTLSVerify: true,
      },
      credential: {
        type: 'bearer token',
        token: options.token ?? 'demo-cluster-token',
      },
      timeoutMs: 5000,
      pageSize: 100,
    });
    let changes = 0;
    informer = new ClusterInformer({
      cluster: 'informer',
      reader,
      logger: mockServices.logger.mock(),
      onChange: () => {
        changes++;
      },
      backoffMs: { initial: 50, max: 200 },
    });
    return { changes: () => changes };
  }

  afterEach(async () => {
    await informer?.stop();
    informer = undefined;
    await server.close();
  });

  const names = (objs: Array<{ metadata?: { name?: string } }>) =>
    objs.map(o => o.metadata?.name);

  it('lists, then follows adds and deletes of nodes, pods and NodeClaims', async () => {
    const { changes } = await start({});
    await informer!.start();
    const before = informer!.objects();
    expect(before.nodes).toHaveLength(
      server.model.current().collections.get('core/nodes')!.length,
    );
    const { nodesAdded } = server.change(['scale-up']);
    await until(() => names(informer!.objects().nodes).includes(nodesAdded[0]));
    // its daemonset pods and its NodeClaim arrive through their own watches
    await until(
      () =>
        informer!.objects().pods.filter(p => p.node === nodesAdded[0])
          .length === 3,
    );
    await until(() =>
      informer!
        .objects()
        .nodeClaims.some(c => c.status?.nodeName === nodesAdded[0]),
    );
    const { nodesRemoved } = server.change(['spot-interruption']);
    await until(
      () => !names(informer!.objects().nodes).includes(nodesRemoved[0]),
    );
    expect(changes()).toBeGreaterThan(3);
    expect(informer!.stats.relists).toBe(0);
  });

  it('keeps only the fields the aggregation reads', async () => {
    await start({});
    await informer!.start();
    const pod = informer!.objects().pods[0];
    // a flat record: numbers for the requests, no nested objects of its own
    expect(pod).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^[^/]+\/[^/]+$/),
        node: expect.any(String),
        cpuMilli: expect.any(Number),
        memoryBytes: expect.any(Number),
      }),
    );
    expect(JSON.stringify(pod)).not.toContain('image');
    // pods with the same labels share one label set
    const pods = informer!.objects().pods;
    const twin = pods.find(
      p => p !== pod && JSON.stringify(p.labels) === JSON.stringify(pod.labels),
    );
    expect(twin?.labels).toBe(pod.labels);
  });

  it('lists again when the version to resume from has expired (410)', async () => {
    await start({ watchRetentionMs: 0 });
    await informer!.start();
    // before the watch request arrives: its version is then already compacted
    const { nodesAdded } = server.change(['scale-up']);
    await until(() => names(informer!.objects().nodes).includes(nodesAdded[0]));
    expect(informer!.stats.relists).toBeGreaterThanOrEqual(1);
  });

  it('moves its resourceVersion on with bookmarks', async () => {
    await start({ bookmarkIntervalMs: 50 });
    await informer!.start();
    await until(() => informer!.stats.bookmarks >= 6);
    expect(informer!.stats.events).toBe(0);
  });

  it('fails the first sync without rights on nodes, but only warns for Karpenter kinds', async () => {
    await start({ token: 'demo-core-only-token' });
    await informer!.start();
    const { problems, nodes, nodePools } = informer!.objects();
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodePools).toEqual([]);
    expect(problems.join('\n')).toContain('403');
    await informer!.stop();
    await server.close();
    await start({ token: 'demo-no-rights-token' });
    await expect(informer!.start()).rejects.toThrow(/403/);
  });
});
