import { aggregateCluster } from './aggregateCluster';
import { GiB, node, pod, options } from '../__testUtils__/clusterObjects';

describe('aggregateCluster: the mix', () => {
  it('counts nodes, vCPU, memory and cost by arch, capacity type, family and NodePool', () => {
    const { summary, nodes } = aggregateCluster(
      {
        nodes: [
          node('a', { type: 'm6i.xlarge' }),
          node('b', { type: 'm7g.xlarge', capacity: 'spot', pool: 'graviton' }),
          node('c', { type: 'm7g.xlarge', capacity: 'spot', pool: 'graviton' }),
        ],
        pods: [
          pod('a', '2', '4Gi'),
          pod('b', '1500m', '3Gi'),
          pod('c', '3', '12Gi'),
          pod('c', '1', '1Gi', { phase: 'Succeeded' }),
        ],
        nodePools: [],
        nodeClaims: [],
        pdbs: [],
      },
      options,
    );
    expect(summary.totals.nodes).toBe(3);
    expect(summary.totals.vcpu).toBe(12);
    expect(summary.totals.cpuRequested).toBeCloseTo(6.5);
    expect(summary.totals.memoryRequested).toBe(19 * GiB);
    expect(summary.totals.costPerHour).toBeCloseTo(0.192 + 0.07 * 2);
    expect(summary.totals.costPerMonth).toBeCloseTo((0.192 + 0.14) * 730);
    expect(summary.totals.costIsLowerBound).toBe(false);
    expect(summary.mix.arch).toEqual([
      expect.objectContaining({ key: 'arm64', nodes: 2, vcpu: 8 }),
      expect.objectContaining({ key: 'amd64', nodes: 1, vcpu: 4 }),
    ]);
    expect(
      summary.mix.capacityType.find(g => g.key === 'spot')!.costPerHour,
    ).toBeCloseTo(0.14);
    expect(summary.mix.family.map(g => g.key)).toEqual(['m7g', 'm6i']);
    expect(summary.mix.nodePool.map(g => g.key)).toEqual(['graviton', 'x86']);
    expect(summary.gravitonShare.nodes).toBeCloseTo(2 / 3);
    expect(summary.spotShare.vcpu).toBeCloseTo(8 / 12);
    expect(summary.pods).toBe(3);
    const a = nodes.find(n => n.name === 'a')!;
    expect(a.cpuRequested).toBe(2);
    expect(a.priceSource).toBe(
      'on-demand: shipped table (2026-11-01), offline fallback',
    );
    expect(nodes.find(n => n.name === 'b')!.priceSource).toBe(
      'spot: test config',
    );
  });
});
