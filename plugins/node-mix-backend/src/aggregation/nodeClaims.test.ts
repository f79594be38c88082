import { aggregateCluster } from './aggregateCluster';
import {
  GiB,
  node,
  claim,
  nodePool,
  options,
} from '../__testUtils__/clusterObjects';

describe('aggregateCluster: NodeClaims and NodePools', () => {
  it('lists drifted, expiring and disrupted NodeClaims and NodePool limit usage', () => {
    const { summary } = aggregateCluster(
      {
        nodes: [
          node('a'),
          node('b'),
          node('c', {
            taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }],
          }),
        ],
        pods: [],
        nodePools: [
          nodePool(
            'x86',
            {},
            { cpu: '100', memory: '400Gi' },
            { cpu: '40', memory: '100Gi', nodes: '3' },
          ),
          nodePool('nolimits', {}, {}),
        ],
        nodeClaims: [
          claim('x86-drift', 'a', {
            conditions: [
              {
                type: 'Drifted',
                status: 'True',
                reason: 'AMIDrift',
                lastTransitionTime: '2026-11-25T11:00:00Z',
              },
            ],
          }),
          claim('x86-old', 'b', { created: '2026-10-26T20:00:00Z' }),
          claim('x86-leaving', 'c'),
        ],
        pdbs: [],
      },
      options,
    );
    expect(summary.nodeClaims.total).toBe(3);
    expect(summary.nodeClaims.issues).toEqual([
      expect.objectContaining({
        name: 'x86-leaving',
        kind: 'disrupted',
        reason: 'node tainted karpenter.sh/disrupted',
      }),
      expect.objectContaining({
        name: 'x86-drift',
        kind: 'drifted',
        reason: 'AMIDrift',
        node: 'a',
      }),
      expect.objectContaining({
        name: 'x86-old',
        kind: 'expiring',
        reason: 'expires in 8 h (expireAfter 720h)',
        at: '2026-11-25T20:00:00.000Z',
      }),
    ]);
    const x86 = summary.nodePools.find(p => p.name === 'x86')!;
    expect(x86).toMatchObject({
      cpuUsed: 40,
      cpuLimit: 100,
      memoryLimit: 400 * GiB,
    });
    expect(x86.limitUsage).toBeCloseTo(0.4);
    expect(
      summary.nodePools.find(p => p.name === 'nolimits')!.limitUsage,
    ).toBeNull();
  });
});
