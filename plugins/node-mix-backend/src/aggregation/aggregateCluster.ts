import { ClusterAggregator } from './ClusterAggregator';
import { AggregationOptions, ClusterObjects } from './types';

/** Aggregates a whole cluster at once (tests, small clusters). */
export function aggregateCluster(
  objects: ClusterObjects,
  options: AggregationOptions,
) {
  const agg = new ClusterAggregator(options);
  agg.addNodes(objects.nodes);
  agg.addNodePools(objects.nodePools);
  agg.addNodeClaims(objects.nodeClaims);
  agg.addPdbs(objects.pdbs);
  agg.addNodeClasses(objects.nodeClasses ?? []);
  agg.addPods(objects.pods);
  return agg.finish();
}
