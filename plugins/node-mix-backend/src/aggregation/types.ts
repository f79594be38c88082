import { KubeObject } from '@internal/plugin-node-mix-common';
import { PriceTable, SpotPricing } from '@internal/pricing';

/** Inputs of {@link ClusterAggregator}. */
export interface AggregationOptions {
  cluster: string;
  priceTable: PriceTable;
  spot: SpotPricing;
  /** Clock for "now" (expiry, budgets, ages). */
  now: number;
  /** A node whose CPU and memory requests are both below this share of allocatable is under-used (default 0.5). */
  underutilizedThreshold?: number;
  /** NodeClaims expiring within this many hours are listed (default 24). */
  expiringWithinHours?: number;
  /** Region for nodes without region or zone labels (default us-east-1). */
  defaultRegion?: string;
}

/** All objects of a cluster, for {@link aggregateCluster}. */
export interface ClusterObjects {
  nodes: KubeObject[];
  pods: KubeObject[];
  nodePools: KubeObject[];
  nodeClaims: KubeObject[];
  pdbs: KubeObject[];
  nodeClasses?: KubeObject[];
}
