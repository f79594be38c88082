import { mockServices } from '@backstage/backend-test-utils';
import {
  DEFAULT_SERVICES,
  DemoClusterModel,
  DemoClusterServer,
  startDemoClusterServer,
} from '@internal/demo-cluster';
import { KubeObject } from '@internal/plugin-node-mix-common';
import { podRecord, PodRecord } from '../aggregation/podRecord';
import {
  aggregateCluster,
  AggregationOptions,
  ClusterAggregator,
  objectKey,
} from '../aggregation';
import { PriceTable } from '@internal/pricing';
import { ClusterInformer, InformerChange } from './ClusterInformer';
import { KubernetesClient } from '../clients/KubernetesClient';
import { LiveAggregation } from './LiveAggregation';
import { ConfigReader } from '@backstage/config';
import { readNodeMixSettings } from '../config';

const DEFAULT_PRICE_TABLE = readNodeMixSettings(
  new ConfigReader({}),
).priceTable;

jest.setTimeout(120_000);

const NOW = Date.parse('2026-12-02T12:00:00Z');

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function aggregationOptions(
  priceTable: PriceTable = DEFAULT_PRICE_TABLE,
): Omit<AggregationOptions, 'now'> {
  return {
    cluster: 'live',
    priceTable,
    spot: { prices: {}, source: 'test', defaultDiscount: 0.6 },
    underutilizedThreshold: 0.5,
    defaultRegion: 'us-east-1',
  };
}

/** What a from-scratch aggregation of the same cache serves. */
function fromScratch(
  objects: ReturnType<ClusterInformer['objects']>,
  options = aggregationOptions(),
) {
  const agg = new ClusterAggregator({ ...options, now: NOW });
  agg.addNodes(objects.nodes);
  agg.addNodePools(objects.nodePools);
  agg.addNodeClaims(objects.nodeClaims);
  agg.addNodeClasses(objects.nodeClasses);
  agg.addPdbs(objects.pdbs);
  for (const p of objects.pods) agg.updatePod(undefined, p);
  const { summary, nodes } = agg.finish(NOW);
  summary.warnings.unshift(...objects.problems);
  return {
    summaryJson: JSON.stringify(summary),
    nodesJson: JSON.stringify({
      cluster: 'live',
      generatedAt: summary.generatedAt,
      items: nodes,
    }),
  };
}

function served(live: LiveAggregation) {
  const { summary, nodesJson } = live.finish('live', NOW);
  return { summaryJson: JSON.stringify(summary), nodesJson };
}

describe('LiveAggregation', () => {
  describe('following the demo cluster', () => {
    let server: DemoClusterServer;
    let informer: ClusterInformer | undefined;

    afterEach(async () => {
      await informer?.stop();
      await server?.close();
    });

    it('after random sequences of demo changes, serves what a from-scratch aggregation of the same cache does, to the byte', async () => {
      server = await startDemoClusterServer({
        model: new DemoClusterModel({
          name: 'live',
          nodes: 40,
          seed: 5,
          services: DEFAULT_SERVICES,
        }),
      });
      const reader = new KubernetesClient({
        cluster: {
          name: 'live',
          url: server.url,
          authMetadata: {},
          skipTLSVerify: true,
        },
        credential: { type: 'bearer token', token: 'demo-cluster-token' },
        timeoutMs: 5000,
        pageSize: 100,
      });
      const state: { live?: LiveAggregation } = {};
      const kinds = new Set<string>();
      informer = new ClusterInformer({
        cluster: 'live',
        reader,
        logger: mockServices.logger.mock(),
        onChange: change => {
          kinds.add(`${change.kind} ${change.type}`);
          state.live?.apply(change);
        },
      });
      await informer.start();
      const live = new LiveAggregation({
        informer,
        aggregation: aggregationOptions(),
      });
      state.live = live;
      await live.build();
      expect(served(live)).toEqual(fromScratch(informer.objects()));
      const following = informer;
      const seen = () => following.stats.events;

      const random = rng(20261202);
      const changeKinds = [
        'scale-up',
        'consolidation',
        'spot-interruption',
        'reschedule',
      ] as const;
      for (let round = 0; round < 15; round++) {
        const picked = Array.from(
          { length: 1 + Math.floor(random() * 4) },
          () => changeKinds[Math.floor(random() * changeKinds.length)],
        );
        const { resourceVersion } = server.change(picked);
        // the watches have delivered this change once their events stop
        let last = -1;
        for (let quiet = 0; quiet < 5; ) {
          await new Promise(r => setTimeout(r, 40));
          quiet = seen() === last ? quiet + 1 : 0;
          last = seen();
        }
        expect(resourceVersion).toBeGreaterThan(0);
        expect(served(live)).toEqual(fromScratch(following.objects()));
      }
      // the changes went through every update path that matters here
      expect([...kinds].sort()).toEqual(
        expect.arrayContaining([
          'nodeClaims ADDED',
          'nodeClaims DELETED',
          'nodes ADDED',
          'nodes DELETED',
          'pods ADDED',
          'pods DELETED',
        ]),
      );
    });
  });

  describe('with random events of every kind', () => {
    /** An informer's cache in memory: the same changes ClusterInformer reports. */
    class FakeCache {
      readonly kinds = {
        nodes: new Map<string, KubeObject>(),
        nodePools: new Map<string, KubeObject>(),
        nodeClaims: new Map<string, KubeObject>(),
        nodeClasses: new Map<string, KubeObject>(),
        pdbs: new Map<string, KubeObject>(),
        pods: new Map<string, PodRecord>(),
      };
      constructor(private readonly onChange: (c: InformerChange) => void) {}

      set(kind: keyof FakeCache['kinds'], o: KubeObject) {
        const key = objectKey(o);
        const cache = this.kinds[kind] as Map<string, unknown>;
        const previous = cache.get(key);
        const next = kind === 'pods' ? podRecord(o) : o;
        cache.set(key, next);
        this.onChange({
          kind,
          type: previous ? 'MODIFIED' : 'ADDED',
          key,
          previous,
          next,
        });
      }

      delete(kind: keyof FakeCache['kinds'], key: string) {
        const cache = this.kinds[kind] as Map<string, unknown>;
        const previous = cache.get(key);
        if (!previous) return;
        cache.delete(key);
        this.onChange({ kind, type: 'DELETED', key, previous });
      }

      objects() {
        const v = <T>(m: Map<string, T>) => [...m.values()];
        return {
          nodes: v(this.kinds.nodes),
          nodePools: v(this.kinds.nodePools),
          nodeClaims: v(this.kinds.nodeClaims),
          nodeClasses: v(this.kinds.nodeClasses),
          pdbs: v(this.kinds.pdbs),
          pods: v(this.kinds.pods),
          problems: [],
        };
      }

      podRecords() {
        return this.kinds.pods.values();
      }

      problems() {
        return [];
      }
    }

    const types = ['m6i.large', 'm7g.xlarge', 'c7g.large', 'r6i.2xlarge'];
    const pools = ['general', 'arm', 'missing-pool'];

    function node(random: () => number, name: string): KubeObject {
      const type = types[Math.floor(random() * types.length)];
      return {
        metadata: {
          name,
          creationTimestamp: '2026-12-01T00:00:00Z',
          labels: {
            'kubernetes.io/arch': type.includes('g.') ? 'arm64' : 'amd64',
            'node.kubernetes.io/instance-type': type,
            'karpenter.sh/capacity-type': random() < 0.3 ? 'spot' : 'on-demand',
            'karpenter.sh/nodepool': pools[Math.floor(random() * pools.length)],
            ...(random() < 0.9
              ? { 'topology.kubernetes.io/zone': 'us-east-1a' }
              : {}),
          },
          annotations:
            random() < 0.1 ? { 'karpenter.sh/do-not-disrupt': 'true' } : {},
        },
        spec: {
          taints:
            random() < 0.1
              ? [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }]
              : [],
        },
        status: {
          capacity: { cpu: random() < 0.02 ? 'lots' : '4', memory: '16Gi' },
          allocatable: { cpu: '3920m', memory: '15Gi' },
        },
      };
    }

    function pod(
      random: () => number,
      name: string,
      nodes: string[],
    ): KubeObject {
      const onNode = random() < 0.9 && nodes.length > 0;
      const cpus = ['100m', '250m', '0.1', '1', '333m', '1.5', 'bad'];
      return {
        metadata: {
          name,
          namespace: random() < 0.5 ? 'games' : 'payments',
          labels: { app: random() < 0.5 ? 'lobby' : 'ledger' },
          annotations:
            random() < 0.1 ? { 'karpenter.sh/do-not-disrupt': 'true' } : {},
          ownerReferences:
            random() < 0.2 ? [{ kind: 'DaemonSet', name: 'agent' }] : [],
          creationTimestamp: `2026-12-01T00:0${Math.floor(random() * 10)}:00Z`,
        },
        spec: {
          // sometimes a node the cluster does not (yet) have
          nodeName: onNode
            ? nodes[Math.floor(random() * nodes.length)] +
              (random() < 0.05 ? '-gone' : '')
            : undefined,
          containers: [
            {
              resources: {
                requests: {
                  cpu: cpus[Math.floor(random() * cpus.length)],
                  memory: random() < 0.5 ? '256Mi' : '1.1Gi',
                },
              },
            },
          ],
        },
        status: {
          phase: onNode ? 'Running' : 'Pending',
          conditions: onNode
            ? []
            : [
                {
                  type: 'PodScheduled',
                  status: 'False',
                  reason: 'Unschedulable',
                  message: '0/3 nodes are available',
                },
              ],
        },
      };
    }

    function pdb(random: () => number, name: string): KubeObject {
      return {
        metadata: { name, namespace: 'games' },
        spec: {
          selector: {
            matchLabels: { app: random() < 0.5 ? 'lobby' : 'ledger' },
          },
        },
        status: { disruptionsAllowed: random() < 0.7 ? 0 : 1 },
      };
    }

    it.each([1, 2, 3, 4, 5])(
      'after 400 random events (seed %i), serves what a from-scratch aggregation serves',
      async seed => {
        const random = rng(seed);
        const state: { live?: LiveAggregation } = {};
        const cache = new FakeCache(c => state.live?.apply(c));
        const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
        for (let i = 0; i < 8; i++) cache.set('nodes', node(random, `n${i}`));
        for (const name of pools.slice(0, 2)) {
          cache.set('nodePools', {
            metadata: { name },
            spec: {
              disruption: {
                consolidationPolicy: 'WhenEmptyOrUnderutilized',
                budgets: [{ nodes: random() < 0.5 ? '0' : '10%' }],
              },
            },
          });
        }
        const live = new LiveAggregation({
          informer: cache,
          aggregation: aggregationOptions(),
        });
        state.live = live;
        await live.build();
        const incremental: ReturnType<typeof served>[] = [];
        const scratch: ReturnType<typeof served>[] = [];
        let serial = 100;
        for (let step = 0; step < 400; step++) {
          const nodeNames = [...cache.kinds.nodes.keys()].map(k => k.slice(1));
          const podKeys = [...cache.kinds.pods.keys()];
          const r = random();
          if (r < 0.35) {
            cache.set('pods', pod(random, `p${serial++}`, nodeNames));
          } else if (r < 0.55 && podKeys.length) {
            // the same pod changed: moved, rescheduled, requests changed
            const [namespace, name] = pick(podKeys).split('/');
            const next = pod(random, name, nodeNames);
            next.metadata!.namespace = namespace;
            cache.set('pods', next);
          } else if (r < 0.7 && podKeys.length) {
            cache.delete('pods', pick(podKeys));
          } else if (r < 0.78) {
            cache.set('nodes', node(random, `n${serial++}`));
          } else if (r < 0.83 && nodeNames.length) {
            cache.set('nodes', node(random, pick(nodeNames)));
          } else if (r < 0.87 && nodeNames.length) {
            cache.delete('nodes', `/${pick(nodeNames)}`);
          } else if (r < 0.93 && nodeNames.length) {
            const target = pick(nodeNames);
            cache.set('nodeClaims', {
              metadata: {
                name: `claim-${target}`,
                labels: { 'karpenter.sh/nodepool': 'general' },
                creationTimestamp: '2026-11-30T00:00:00Z',
              },
              spec: { expireAfter: '72h' },
              status: {
                nodeName: target,
                conditions: [
                  { type: 'Consolidatable', status: 'True' },
                  ...(random() < 0.3
                    ? [{ type: 'Drifted', status: 'True', reason: 'Drifted' }]
                    : []),
                ],
              },
            });
          } else if (r < 0.95 && cache.kinds.nodeClaims.size) {
            cache.delete(
              'nodeClaims',
              pick([...cache.kinds.nodeClaims.keys()]),
            );
          } else if (r < 0.985) {
            cache.set('pdbs', pdb(random, `pdb${Math.floor(random() * 3)}`));
          } else if (cache.kinds.pdbs.size) {
            cache.delete('pdbs', pick([...cache.kinds.pdbs.keys()]));
          }
          if (step % 25 === 24) {
            incremental.push(served(live));
            scratch.push(fromScratch(cache.objects()));
          }
        }
        expect(incremental).toHaveLength(16);
        expect(incremental).toEqual(scratch);
        expect(cache.kinds.pods.size).toBeGreaterThan(20);
      },
    );

    it('joins a build under way, and applies the changes that arrive while it yields', async () => {
      const random = rng(7);
      const state: { live?: LiveAggregation } = {};
      const cache = new FakeCache(c => state.live?.apply(c));
      for (let i = 0; i < 20; i++) cache.set('nodes', node(random, `n${i}`));
      const names = [...cache.kinds.nodes.keys()].map(k => k.slice(1));
      // more pods than one batch, so the build yields to the event loop
      for (let i = 0; i < 6_000; i++) {
        cache.set('pods', pod(random, `p${i}`, names));
      }
      const live = new LiveAggregation({
        informer: cache,
        aggregation: aggregationOptions(),
      });
      state.live = live;
      const first = live.build();
      const second = live.build();
      expect(second).toBe(first);
      cache.set('pods', pod(random, 'late', names));
      cache.delete('pods', [...cache.kinds.pods.keys()][0]);
      cache.set('nodes', node(random, 'n-late'));
      await first;
      expect(served(live)).toEqual(fromScratch(cache.objects()));
    });

    it('prices every node again when the price table changes', async () => {
      const random = rng(9);
      const cache = new FakeCache(() => {});
      for (let i = 0; i < 5; i++) cache.set('nodes', node(random, `n${i}`));
      const live = new LiveAggregation({
        informer: cache,
        aggregation: aggregationOptions(),
      });
      await live.build();
      served(live);
      const cheaper: PriceTable = {
        ...DEFAULT_PRICE_TABLE,
        id: 'cheaper',
        onDemand: Object.fromEntries(
          Object.entries(DEFAULT_PRICE_TABLE.onDemand).map(([region, t]) => [
            region,
            Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v / 2])),
          ]),
        ),
      };
      live.setPricing({ table: cheaper, problems: [] });
      expect(served(live)).toEqual(
        fromScratch(cache.objects(), aggregationOptions(cheaper)),
      );
    });
  });

  it('still aggregates pods given as KubeObjects (the full relist)', () => {
    const objects = {
      nodes: [],
      nodePools: [],
      nodeClaims: [],
      pdbs: [],
      pods: [
        {
          metadata: { name: 'a', namespace: 'x' },
          spec: { nodeName: 'n', containers: [] },
          status: { phase: 'Running' },
        },
      ],
    };
    const { summary } = aggregateCluster(objects, {
      ...aggregationOptions(),
      now: NOW,
    });
    expect(summary.pods).toBe(1);
  });
});
