import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ClusterHistory,
  ClusterNodes,
  ClusterStatus,
  Fleet,
  HistoryWindow,
  NodeDetail,
  NodePoolDetail,
  WorkloadPods,
} from '@internal/plugin-node-mix-common';

/** Reads the node-mix backend. @public */
export interface NodeMixApi {
  listClusters(): Promise<ClusterStatus[]>;
  /** Every cluster with its headline and warnings, and fleet totals. */
  getFleet(): Promise<Fleet>;
  getCluster(name: string): Promise<ClusterStatus>;
  getNodes(name: string): Promise<ClusterNodes>;
  getHistory(name: string, window: HistoryWindow): Promise<ClusterHistory>;
  /** One node read live: taints, conditions, pods, NodeClaim. */
  getNodeDetail(
    cluster: string,
    node: string,
    nodeClaim?: string,
  ): Promise<NodeDetail>;
  /** One NodePool: nodes, cost, limits, budgets, NodeClaims, Karpenter's events. */
  getNodePoolDetail(cluster: string, pool: string): Promise<NodePoolDetail>;
  /** A component's pods (by kubernetes-id) with their nodes' arch and capacity. */
  getWorkloadPods(cluster: string, kubernetesId: string): Promise<WorkloadPods>;
}

/** @public */
export const nodeMixApiRef = createApiRef<NodeMixApi>({
  id: 'plugin.node-mix',
});
