import { aggregateCluster } from './aggregateCluster';
import { spot, node, pod, options } from '../__testUtils__/clusterObjects';

describe('aggregateCluster: nodes', () => {
  it('marks totals as a lower bound when a price is unknown, and prices spot from the default discount', () => {
    const input = {
      nodes: [
        node('a'),
        node('b', { type: 'c7g.large', capacity: 'spot', pool: 'graviton' }),
        node('m5', { type: 'm5.large' }),
      ],
      pods: [],
      nodePools: [],
      nodeClaims: [],
      pdbs: [],
    };
    const { summary, nodes } = aggregateCluster(input, options);
    expect(summary.totals.costPerHour).toBeCloseTo(0.192);
    expect(summary.totals.costIsLowerBound).toBe(true);
    expect(summary.totals.unpricedNodes).toBe(2);
    expect(nodes.find(n => n.name === 'm5')!.priceSource).toBe(
      'm5.large not in price table test-table',
    );
    expect(nodes.find(n => n.name === 'b')!.pricePerHour).toBeNull();

    const discounted = aggregateCluster(input, {
      ...options,
      spot: { ...spot, defaultDiscount: 0.6 },
    });
    expect(
      discounted.nodes.find(n => n.name === 'b')!.pricePerHour,
    ).toBeCloseTo(0.0725 * 0.4);
    expect(
      discounted.summary.mix.arch.find(g => g.key === 'arm64')!
        .costIsLowerBound,
    ).toBe(false);
  });

  it('reads nodes with missing labels and malformed quantities without NaN', () => {
    const { summary, nodes } = aggregateCluster(
      {
        nodes: [
          node('bare', {
            labels: {
              'node.kubernetes.io/instance-type': undefined,
              'karpenter.sh/capacity-type': undefined,
              'topology.kubernetes.io/zone': undefined,
              'karpenter.k8s.aws/instance-family': undefined,
            },
          }),
          node('broken', { cpu: 'four', memory: '16GB' }),
        ],
        pods: [pod('bare', 'lots', '1Gi'), pod('broken', '500m', '1Gi')],
        nodePools: [],
        nodeClaims: [],
        pdbs: [],
      },
      options,
    );
    const bare = nodes.find(n => n.name === 'bare')!;
    expect(bare).toMatchObject({
      instanceType: 'unknown',
      capacityType: 'unknown',
      zone: 'unknown',
      family: 'unknown',
      pricePerHour: null,
    });
    expect(bare.warnings).toContain(
      'no instance type label (node.kubernetes.io/instance-type)',
    );
    const broken = nodes.find(n => n.name === 'broken')!;
    expect(broken.vcpu).toBe(0);
    expect(broken.warnings.join()).toContain("'four' is not a quantity");
    expect(summary.warnings.join('\n')).toMatch(
      /1 × unreadable pod cpu request \(e\.g\. games\/pod-\d+: 'lots' is not a quantity\)/,
    );
    expect(summary.warnings.join('\n')).toContain(
      'node without label karpenter.sh/capacity-type',
    );
    const json = JSON.stringify({ summary, nodes });
    expect(json).not.toMatch(/NaN|Infinity|null,"memoryRequested"/);
    expect(Number.isFinite(summary.totals.cpuRequested)).toBe(true);
    expect(summary.totals.cpuRequested).toBe(0.5);
  });
});
