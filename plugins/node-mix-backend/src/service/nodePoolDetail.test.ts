import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_SERVICES,
  DemoClusterModel,
  DemoClusterServer,
  readKarpenterManifests,
  startDemoClusterServer,
} from '@internal/demo-cluster';
import { SnapshotStore } from '../database/SnapshotStore';
import { clusterDetails } from '../__testUtils__/demoCluster';
import { createCredentialProvider } from '../clients/credentials';
import { budgetState } from './nodePoolDetail';
import { createNodeMix } from '../__testUtils__/nodeMix';
import { readNodeMixSettings } from '../config';

jest.setTimeout(60_000);

// A Wednesday: the platform's Friday-to-Sunday freeze budget is not active.
const WEDNESDAY = Date.parse('2026-11-25T12:00:00Z');
const SATURDAY = Date.parse('2026-11-28T12:00:00Z');

describe('budgetState', () => {
  const pool = {
    spec: {
      disruption: {
        budgets: [
          { nodes: '10%' },
          {
            nodes: '0',
            schedule: '0 16 * * 5',
            duration: '56h',
            reasons: ['Underutilized', 'Drifted'],
          },
        ],
      },
    },
  };

  it('allows 10% of the nodes rounded up, less those disrupting', () => {
    const state = budgetState(pool, 41, 2, WEDNESDAY);
    expect(state.budgets.map(b => [b.nodes, b.active, b.nodesAllowed])).toEqual(
      [
        ['10%', true, 5],
        ['0', false, null],
      ],
    );
    expect(state.disruptionsAllowed).toEqual({
      Empty: 3,
      Underutilized: 3,
      Drifted: 3,
    });
  });

  it('applies the most restrictive active budget per reason (the weekend freeze)', () => {
    const state = budgetState(pool, 41, 0, SATURDAY);
    expect(state.disruptionsAllowed).toEqual({
      Empty: 5,
      Underutilized: 0,
      Drifted: 0,
    });
  });

  it("uses Karpenter's default of 10% without budgets and fails closed on an unreadable schedule", () => {
    expect(
      budgetState({ spec: {} }, 9, 0, WEDNESDAY).disruptionsAllowed,
    ).toEqual({ Empty: 1, Underutilized: 1, Drifted: 1 });
    const broken = budgetState(
      {
        spec: {
          disruption: {
            budgets: [{ nodes: '50%', schedule: 'every day', duration: '1h' }],
          },
        },
      },
      10,
      0,
      WEDNESDAY,
    );
    expect(broken.budgets[0]).toMatchObject({ active: null, nodesAllowed: 0 });
    expect(broken.disruptionsAllowed.Empty).toBe(0);
  });
});

describe("Karpenter's reasons beside the portal's (demo cluster, read through the API)", () => {
  let server: DemoClusterServer;

  beforeAll(async () => {
    const karpenter = readKarpenterManifests(undefined, 'demo-test');
    // The x86 pool scores its moves (Karpenter 1.14's Balanced policy).
    karpenter.nodePools.find(
      p => p.metadata.name === 'x86',
    ).spec.disruption.consolidationPolicy = 'Balanced';
    server = await startDemoClusterServer({
      model: new DemoClusterModel({
        name: 'demo-test',
        nodes: 150,
        seed: 11,
        services: DEFAULT_SERVICES,
        karpenter,
        now: () => WEDNESDAY,
      }),
    });
  });

  afterAll(() => server.close());

  async function service() {
    // Storage is not what this is about (DatabaseSnapshotStore.test.ts is).
    const store: SnapshotStore = {
      saveSuccess: jest.fn(async () => {}),
      saveFailure: jest.fn(async () => {}),
      listStates: jest.fn(async () => []),
      getSnapshot: jest.fn(async () => undefined),
      addHistoryPoint: jest.fn(async () => {}),
      lastHistoryAt: jest.fn(async () => undefined),
      listHistory: jest.fn(async () => []),
      deleteHistoryBefore: jest.fn(async () => 0),
    };
    const s = createNodeMix({
      clusters: [clusterDetails('dev', server.url, 'demo-cluster-token')],
      credentials: createCredentialProvider(new ConfigReader({})),
      store,
      logger: mockServices.logger.mock(),
      settings: readNodeMixSettings(
        new ConfigReader({ nodeMix: { pageSize: 100 } }),
      ),
      now: () => WEDNESDAY,
    });
    await s.poller.refreshAll();
    return s;
  }

  const demoEvents = () =>
    server.model.current().collections.get('core/events')! as any[];

  it("puts Karpenter's text verbatim, with its age, next to the portal's reasons in the node drawer", async () => {
    const s = await service();
    const blocked = demoEvents().find(
      e => e.reason === 'DisruptionBlocked' && e.involvedObject.kind === 'Node',
    );
    const node = blocked.involvedObject.name;
    const summary = JSON.parse(s.reader.getClusterJson('dev')).summary;
    const candidate = summary.consolidation.candidates.find(
      (c: any) => c.node === node,
    );
    const nodes = JSON.parse(s.reader.getNodesJson('dev')).items;
    const row = nodes.find((r: any) => r.name === node);

    const detail = await s.reader.getNodeDetail('dev', node, row.nodeClaim);
    expect(detail.consolidation?.portal).toEqual(candidate);
    expect(detail.consolidation?.portal?.blockers.length).toBeGreaterThan(0);
    expect(detail.consolidation?.karpenter).toEqual([
      expect.objectContaining({
        reason: 'DisruptionBlocked',
        message: blocked.message,
        count: blocked.count,
        ageSeconds: Math.round(
          (WEDNESDAY - Date.parse(blocked.lastTimestamp)) / 1000,
        ),
      }),
    ]);
    expect(detail.consolidation?.karpenterError).toBeUndefined();
  });

  it('serves a NodePool page: nodes, cost, limits, budgets, NodeClaims, and scores against the threshold', async () => {
    const s = await service();
    const detail = await s.reader.getNodePoolDetail('dev', 'x86');
    const nodes = JSON.parse(s.reader.getNodesJson('dev')).items.filter(
      (r: any) => r.nodePool === 'x86',
    );
    expect(detail.nodes.map(n => n.name).sort()).toEqual(
      nodes.map((n: any) => n.name).sort(),
    );
    expect(detail.costPerHour).toBeCloseTo(
      nodes.reduce((sum: number, n: any) => sum + (n.pricePerHour ?? 0), 0),
      6,
    );
    expect(detail.mix.capacityType.reduce((a, g) => a + g.nodes, 0)).toBe(
      nodes.length,
    );
    expect(detail.consolidationPolicy).toBe('Balanced');
    expect(detail.usage?.cpuLimit).toBeGreaterThan(0);
    expect(detail.budgets.map(b => b.nodes)).toEqual(['10%', '0']);
    expect(detail.disruptionsAllowed.Underutilized).toBe(
      Math.max(
        0,
        Math.ceil(nodes.length / 10) -
          nodes.filter((n: any) => n.disrupted).length,
      ),
    );
    expect(detail.candidates.every(c => c.nodePool === 'x86')).toBe(true);
    const scored = detail.candidates.flatMap(c =>
      c.karpenter.filter(e => e.reason === 'ConsolidationApproved'),
    );
    expect(scored.length).toBeGreaterThan(0);
    for (const e of scored) {
      expect(e.score!.threshold).toBe(0.5);
      expect(e.score!.score).toBeGreaterThanOrEqual(e.score!.threshold);
    }
    expect(detail.nodeClaimIssues.every(i => i.nodePool === 'x86')).toBe(true);

    const graviton = await s.reader.getNodePoolDetail('dev', 'graviton');
    expect(graviton.consolidationPolicy).toBe('WhenEmptyOrUnderutilized');
    expect(
      graviton.candidates.some(c =>
        c.karpenter.some(e => e.reason === 'ConsolidationApproved'),
      ),
    ).toBe(false);
  });

  it('answers 404 for a NodePool the cluster does not have', async () => {
    const s = await service();
    await expect(
      s.reader.getNodePoolDetail('dev', 'no-such-pool'),
    ).rejects.toThrow("Cluster 'dev' has no NodePool 'no-such-pool'");
  });
});
