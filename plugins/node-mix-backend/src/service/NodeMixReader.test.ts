import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { DemoClusterServer } from '@internal/demo-cluster';
import { readNodeMixSettings } from '../config';
import { SnapshotStore } from '../database/SnapshotStore';
import { clusterDetails, startDemoCluster } from '../__testUtils__/demoCluster';
import { createNodeMixOnDatabase } from '../__testUtils__/nodeMix';
import { ClusterEntries, ClusterEntry } from './ClusterEntries';
import { ClusterInformer } from './ClusterInformer';
import { NodeMixReader, NodeMixWriter } from './NodeMixReader';

jest.setTimeout(60_000);

describe('NodeMixReader', () => {
  const NOW = Date.parse('2026-11-25T12:00:00Z');

  function setup() {
    const clusters = new ClusterEntries([
      clusterDetails('dev', 'http://127.0.0.1:1', 'demo-cluster-token'),
    ]);
    const writer: jest.Mocked<NodeMixWriter> = {
      refresh: jest.fn(async (_cluster: string) => {}),
      wasRead: jest.fn(),
    };
    const reader = new NodeMixReader({
      clusters,
      store: { listHistory: async () => [] } as unknown as SnapshotStore,
      credentials: {
        getCredential: async () => {
          throw new Error(
            'a read of the last result must not call the cluster',
          );
        },
      },
      settings: readNodeMixSettings(new ConfigReader({})),
      writer,
      now: () => NOW,
    });
    const dev = clusters.find('dev');
    return { clusters, writer, reader, dev };
  }

  /** What the poller publishes after a read of the cluster (trimmed). */
  function publish(entry: ClusterEntry, summary: object, items: object[]) {
    Object.assign(entry, {
      state: 'ok',
      lastSuccessAt: NOW - 30_000,
      summaryJson: JSON.stringify(summary),
      nodesJson: JSON.stringify({ cluster: 'dev', items }),
    });
  }

  it('serves the last published result and leaves recomputing to the poller', () => {
    const { reader, writer, dev } = setup();
    publish(dev, { totals: { nodes: 1 } }, [{ name: 'ip-10-0-1-7' }]);
    // a followed cluster whose watch cache changed since that result
    Object.assign(dev, { dirty: true, informer: {} as ClusterInformer });

    expect(reader.listClusters()[0]).toMatchObject({
      name: 'dev',
      state: 'ok',
      live: true,
      dataAgeSeconds: 30,
    });
    // a card read (the list) does not count as someone watching the cluster
    expect(dev.lastReadAt).toBeUndefined();
    expect(writer.wasRead).toHaveBeenLastCalledWith('dev');

    writer.wasRead.mockClear();
    expect(JSON.parse(reader.getClusterJson('dev')).summary).toEqual({
      totals: { nodes: 1 },
    });
    expect(JSON.parse(reader.getNodesJson('dev')).items).toEqual([
      { name: 'ip-10-0-1-7' },
    ]);
    expect(writer.wasRead.mock.calls).toEqual([['dev'], ['dev']]);
    expect(dev.lastReadAt).toBe(NOW);
    // the reader neither listed nor recomputed: the same result, still dirty
    expect(writer.refresh).not.toHaveBeenCalled();
    expect(dev.dirty).toBe(true);
  });

  it('asks the poller to list a cluster it has no cost input for, and answers 404 when that fails', async () => {
    const { reader, writer, dev } = setup();
    writer.refresh.mockImplementation(async () => {
      dev.error = 'Cannot reach http://127.0.0.1:1: ECONNREFUSED';
    });
    await expect(reader.getCostInput('dev')).rejects.toThrow(
      new NotFoundError(
        "No cost input for cluster 'dev' yet: Cannot reach http://127.0.0.1:1: ECONNREFUSED",
      ),
    );
    expect(writer.refresh).toHaveBeenCalledWith('dev');

    writer.refresh.mockReset();
    writer.refresh.mockImplementation(async () => {
      dev.costInput = {
        cluster: 'dev',
        generatedAt: new Date(NOW).toISOString(),
        nodes: [],
        pods: () => [],
        pricing: reader.getPricing(),
      };
    });
    await expect(reader.getCostInput('dev')).resolves.toMatchObject({
      cluster: 'dev',
      pods: [],
      demo: false,
    });
    // kept in memory: the next read does not ask again
    await reader.getCostInput('dev');
    expect(writer.refresh).toHaveBeenCalledTimes(1);
  });

  it('answers 404 for a cluster it does not know and for one not read yet', async () => {
    const { reader, writer } = setup();
    expect(() => reader.getClusterJson('nope')).toThrow(
      "Unable to find cluster 'nope'",
    );
    await expect(reader.getHistory('nope', '24h')).rejects.toThrow(
      "Unable to find cluster 'nope'",
    );
    expect(() => reader.getNodesJson('dev')).toThrow(
      "No snapshot of cluster 'dev' yet",
    );
    expect(() => reader.getNodesGzip('dev')).toThrow(
      "No snapshot of cluster 'dev' yet",
    );
    expect(writer.refresh).not.toHaveBeenCalled();
  });
});

describe('NodeMixReader over a demo cluster', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let good: DemoClusterServer;

  beforeAll(async () => {
    good = await startDemoCluster({ nodes: 40 });
  });

  afterAll(async () => {
    await good.close();
  });

  async function createService(clusters: ReturnType<typeof clusterDetails>[]) {
    return createNodeMixOnDatabase({
      knex: await databases.init('SQLITE_3'),
      clusters,
      now: () => Date.parse('2026-11-25T12:00:00Z'),
    });
  }

  it('reads one node live for the drawer: its pods, taints, conditions and NodeClaim', async () => {
    const { poller, reader } = await createService([
      clusterDetails('dev', good.url, 'demo-cluster-token'),
    ]);
    await poller.refresh('dev');
    const rows = JSON.parse(reader.getNodesJson('dev')).items as Array<{
      name: string;
      pods: number;
      nodeClaim?: string;
    }>;
    const row = rows.find(r => r.pods > 0 && r.nodeClaim)!;
    const detail = await reader.getNodeDetail('dev', row.name, row.nodeClaim);
    expect(detail.name).toBe(row.name);
    // The same pods the table counted for the node, and only those.
    expect(detail.podCount).toBe(row.pods);
    expect(detail.pods).toHaveLength(row.pods);
    const listed = await fetch(
      `${good.url}/api/v1/pods?fieldSelector=${encodeURIComponent(
        `spec.nodeName=${row.name}`,
      )}`,
      { headers: { Authorization: 'Bearer demo-cluster-token' } },
    ).then(r => r.json());
    expect(detail.pods.map(p => `${p.namespace}/${p.name}`).sort()).toEqual(
      listed.items
        .map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`)
        .sort(),
    );
    expect(detail.pods.every(p => p.cpuRequested >= 0)).toBe(true);
    expect(detail.conditions.map(c => c.type)).toContain('Ready');
    expect(detail.nodeClaim?.name).toBe(row.nodeClaim);
    expect(detail.createdAt).toEqual(expect.any(String));

    await expect(reader.getNodeDetail('dev', 'no-such-node')).rejects.toThrow(
      "Cluster 'dev' has no node 'no-such-node'",
    );
  });

  it("lists a component's pods with their node's architecture and capacity type", async () => {
    const { poller, reader } = await createService([
      clusterDetails('dev', good.url, 'demo-cluster-token'),
    ]);
    await poller.refresh('dev');
    const pods = good.model
      .current()
      .collections.get('core/pods')!
      .filter(
        p => p.metadata.labels?.['backstage.io/kubernetes-id'] === 'wallet',
      );
    expect(pods.length).toBeGreaterThan(0);
    const nodes = new Map(
      good.model
        .current()
        .collections.get('core/nodes')!
        .map(n => [n.metadata.name, n.metadata.labels ?? {}]),
    );
    const result = await reader.getWorkloadPods('dev', 'wallet');
    expect(result.cluster).toBe('dev');
    expect(result.items).toEqual(
      pods
        .map(p => {
          const node = (p.spec as any).nodeName as string;
          const labels = nodes.get(node)!;
          return {
            name: p.metadata.name,
            namespace: p.metadata.namespace,
            node,
            arch: labels['kubernetes.io/arch'],
            capacityType: labels['karpenter.sh/capacity-type'],
            instanceType: labels['node.kubernetes.io/instance-type'],
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(
      (await reader.getWorkloadPods('dev', 'no-such-service')).items,
    ).toEqual([]);
  });
});
