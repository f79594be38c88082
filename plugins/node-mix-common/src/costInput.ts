import type { PriceBasis, PriceTable, SpotPricing } from '@internal/pricing';

/** A node as cost allocation needs it: capacity and its hourly price. @public */
export interface CostInputNode {
  name: string;
  instanceType: string;
  arch: string;
  capacityType: string;
  region: string;
  /** CPU capacity in cores. */
  cpu: number;
  /** Memory capacity in bytes. */
  memory: number;
  /** USD per hour; null when the node is not in the price table. */
  pricePerHour: number | null;
  /** Where its list price came from and when (shown on the Cost page). */
  priceBasis?: PriceBasis;
}

/** A scheduled pod's requests (the one formula of `@internal/pricing`). @public */
export interface CostInputPod {
  /** The pod's name (optional for cost; the pods-by-workload view lists it). */
  name?: string;
  node: string;
  namespace: string;
  /** `backstage.io/kubernetes-id` label, when the pod has one. */
  kubernetesId?: string;
  cpu: number;
  memory: number;
}

/**
 * `GET /clusters/:name/cost-input`: what the cost plugin allocates, read by
 * node-mix from the cluster once for both pages, with the prices node-mix
 * used (so what-if savings use the same table and spot rule).
 * @public
 */
export interface ClusterCostInput {
  cluster: string;
  /** The cluster is the local demo cluster (simulated). */
  demo: boolean;
  generatedAt: string;
  nodes: CostInputNode[];
  pods: CostInputPod[];
  pricing: { priceTable: PriceTable; spot: SpotPricing; defaultRegion: string };
}
