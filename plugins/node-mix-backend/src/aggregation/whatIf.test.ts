import { aggregateCluster } from './aggregateCluster';
import { node, options } from '../__testUtils__/clusterObjects';

describe('aggregateCluster: what-if', () => {
  it('prices the what-if of moving x86 on-demand capacity to Graviton and spot', () => {
    const { summary } = aggregateCluster(
      {
        nodes: [
          node('a', { type: 'm6i.xlarge' }),
          node('b', { type: 'm6i.large' }),
          node('g', { type: 'm7g.xlarge', capacity: 'spot', pool: 'graviton' }),
        ],
        pods: [],
        nodePools: [],
        nodeClaims: [],
        pdbs: [],
      },
      options,
    );
    const total = 0.192 + 0.096 + 0.07;
    expect(summary.whatIf.x86OnDemandCostPerHour).toBeCloseTo(0.288);
    const [graviton, spotOnly, both] = summary.whatIf.scenarios;
    expect(graviton).toMatchObject({
      id: 'graviton',
      nodesMoved: 2,
      unpricedNodes: 0,
    });
    expect(graviton.savingsPerHour).toBeCloseTo(
      0.192 - 0.1632 + (0.096 - 0.0816),
    );
    expect(graviton.savingsPercent).toBeCloseTo(
      graviton.savingsPerHour / total,
    );
    // m6i.large has no configured spot price and no default discount
    expect(spotOnly).toMatchObject({ nodesMoved: 1, unpricedNodes: 1 });
    expect(spotOnly.savingsPerHour).toBeCloseTo(0.192 - 0.08);
    expect(both.savingsPerHour).toBeCloseTo(0.192 - 0.07);
  });
});
