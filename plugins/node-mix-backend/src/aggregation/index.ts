export { ClusterAggregator } from './ClusterAggregator';
export { aggregateCluster } from './aggregateCluster';
export { objectKey } from './objectKey';
export type { AggregationOptions, ClusterObjects } from './types';
