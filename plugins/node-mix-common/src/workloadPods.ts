/** One pod of a workload and the node it runs on. @public */
export interface WorkloadPod {
  name: string;
  namespace: string;
  node: string;
  /** `amd64` or `arm64`; `unknown` when the node is not in the last read. */
  arch: string;
  /** `spot` or `on-demand`; `unknown` when the node is not in the last read. */
  capacityType: string;
  instanceType: string;
}

/**
 * `GET /clusters/:name/workloads/:kubernetesId/pods`: the pods labelled
 * `backstage.io/kubernetes-id=<kubernetesId>` with their node's architecture
 * and capacity type, from node-mix's last read of the cluster.
 * @public
 */
export interface WorkloadPods {
  cluster: string;
  /** When node-mix last read the cluster. */
  generatedAt: string;
  items: WorkloadPod[];
}
