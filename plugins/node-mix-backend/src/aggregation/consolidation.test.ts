import { aggregateCluster } from './aggregateCluster';
import {
  node,
  pod,
  claim,
  nodePool,
  options,
} from '../__testUtils__/clusterObjects';

describe('aggregateCluster: consolidation', () => {
  it('finds consolidation candidates and says why Karpenter is not consolidating them', () => {
    const pdbPod = pod('pdb-node', '100m', '100Mi', {
      ns: 'chain',
      labels: { 'app.kubernetes.io/name': 'chain-listener' },
    });
    const { summary } = aggregateCluster(
      {
        nodes: [
          node('busy'),
          node('empty'),
          node('dnd'),
          node('pdb-node'),
          node('fresh'),
          node('frozen', { pool: 'frozen' }),
          node('pinned', {
            annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
          }),
          node('bootstrap', {
            type: 'm5.large',
            labels: {
              'karpenter.sh/nodepool': undefined,
              'karpenter.sh/capacity-type': undefined,
              'eks.amazonaws.com/nodegroup': 'bootstrap',
              'eks.amazonaws.com/capacityType': 'ON_DEMAND',
            },
          }),
          node('leaving', {
            taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }],
          }),
        ],
        pods: [
          pod('busy', '3', '12Gi'),
          ...[
            'empty',
            'dnd',
            'pdb-node',
            'fresh',
            'frozen',
            'pinned',
            'bootstrap',
            'leaving',
          ].map(n =>
            pod(n, '25m', '64Mi', { ns: 'kube-system', daemon: true }),
          ),
          pod('dnd', '200m', '256Mi', {
            annotations: { 'karpenter.sh/do-not-disrupt': 'true' },
          }),
          pdbPod,
          pod('fresh', '200m', '256Mi'),
          pod('frozen', '200m', '256Mi'),
          pod('pinned', '200m', '256Mi'),
          pod('bootstrap', '200m', '256Mi'),
          pod('leaving', '200m', '256Mi'),
        ],
        nodePools: [
          nodePool('x86'),
          nodePool('frozen', {
            budgets: [
              { nodes: '10%' },
              {
                nodes: '0',
                schedule: '0 0 * * 3',
                duration: '24h',
                reasons: ['Underutilized'],
              },
            ],
          }),
        ],
        nodeClaims: [
          claim('x86-busy', 'busy'),
          claim('x86-empty', 'empty'),
          claim('x86-dnd', 'dnd'),
          claim('x86-pdb', 'pdb-node'),
          claim('x86-fresh', 'fresh', {
            conditions: [{ type: 'Ready', status: 'True' }],
          }),
          claim('frozen-1', 'frozen', { pool: 'frozen' }),
          claim('x86-pinned', 'pinned'),
          claim('x86-leaving', 'leaving', { deleting: true }),
        ],
        pdbs: [
          {
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name: 'chain-listener', namespace: 'chain' },
            spec: {
              minAvailable: 1,
              selector: {
                matchLabels: { 'app.kubernetes.io/name': 'chain-listener' },
              },
            },
            status: {
              disruptionsAllowed: 0,
              currentHealthy: 1,
              desiredHealthy: 1,
            },
          },
          {
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name: 'lobby', namespace: 'games' },
            spec: {
              maxUnavailable: 1,
              selector: { matchLabels: { 'app.kubernetes.io/name': 'lobby' } },
            },
            status: { disruptionsAllowed: 1 },
          },
        ],
      },
      options,
    );
    const byNode = Object.fromEntries(
      summary.consolidation.candidates.map(c => [c.node, c]),
    );
    expect(byNode.busy).toBeUndefined();
    expect(byNode.empty).toMatchObject({
      kind: 'empty',
      state: 'consolidatable',
      blockers: [],
    });
    expect(byNode.dnd.state).toBe('blocked');
    expect(byNode.dnd.blockers).toEqual([
      expect.objectContaining({
        kind: 'pod-do-not-disrupt',
        message: expect.stringMatching(
          /^Pod games\/pod-\d+ has karpenter\.sh\/do-not-disrupt=true/,
        ),
      }),
    ]);
    expect(byNode['pdb-node'].blockers).toEqual([
      expect.objectContaining({
        kind: 'pdb',
        message: expect.stringContaining(
          `PodDisruptionBudget chain/chain-listener allows 0 disruptions and covers pod chain/${
            pdbPod.metadata!.name
          }`,
        ),
      }),
    ]);
    expect(byNode.fresh.blockers.map(b => b.kind)).toEqual([
      'not-consolidatable',
    ]);
    expect(byNode.fresh.blockers[0].message).toContain('consolidateAfter (5m)');
    expect(byNode.frozen.blockers).toEqual([
      expect.objectContaining({
        kind: 'nodepool-budget',
        message: expect.stringContaining(
          `schedule '0 0 * * 3' for 24h, active now`,
        ),
      }),
    ]);
    expect(byNode.pinned.blockers.map(b => b.kind)).toEqual([
      'node-do-not-disrupt',
    ]);
    expect(byNode.bootstrap.blockers[0]).toMatchObject({
      kind: 'not-karpenter',
      message: expect.stringContaining("node group 'bootstrap'"),
    });
    expect(byNode.leaving.state).toBe('disrupting');
    expect(summary.consolidation).toMatchObject({
      empty: 1,
      underutilized: 7,
      blocked: 6,
    });
    expect(summary.consolidation.consolidatableCostPerHour).toBeCloseTo(0.192);
    expect(
      summary.nodePools.find(p => p.name === 'frozen')!.blockingBudgets,
    ).toHaveLength(1);
    expect(
      summary.nodePools.find(p => p.name === 'x86')!.blockingBudgets,
    ).toHaveLength(0);
  });
});
