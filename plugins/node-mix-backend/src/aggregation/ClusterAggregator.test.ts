import { aggregateCluster } from './aggregateCluster';
import { ClusterAggregator } from './ClusterAggregator';
import { node, pod, options } from '../__testUtils__/clusterObjects';

describe('ClusterAggregator', () => {
  it('gives the same answer when pods arrive page by page, even before their node', () => {
    const nodes = [node('a'), node('b')];
    const pods = [
      pod('a', '1', '1Gi'),
      pod('b', '2', '2Gi'),
      pod('a', '500m', '512Mi'),
    ];
    const whole = aggregateCluster(
      { nodes, pods, nodePools: [], nodeClaims: [], pdbs: [] },
      options,
    );
    const agg = new ClusterAggregator(options);
    agg.addPods([pods[0]]);
    agg.addNodes(nodes);
    agg.addPods(pods.slice(1));
    const paged = agg.finish();
    expect(paged.summary.totals).toEqual(whole.summary.totals);
  });
});
