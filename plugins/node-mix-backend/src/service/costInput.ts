import { podRequests } from '@internal/pricing';
import {
  CostInputNode,
  CostInputPod,
  KubeObject,
  NodeRow,
  parseResourceQuantity,
} from '@internal/plugin-node-mix-common';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/**
 * Collects each scheduled pod's requests while node-mix reads the pods, so
 * the cost plugin allocates from the same read and the same formula
 * instead of listing the cluster again. Unreadable quantities count as 0
 * (the aggregator reports them).
 */
export class PodRequestCollector {
  readonly pods: CostInputPod[] = [];

  addPods(items: KubeObject[]): void {
    for (const pod of items) {
      const phase = pod.status?.phase;
      const node: string | undefined = pod.spec?.nodeName;
      if (phase === 'Succeeded' || phase === 'Failed' || !node) {
        continue;
      }
      const { cpu, mem } = podRequests(pod, v => {
        const r = parseResourceQuantity(v);
        return r.ok ? r.value : 0;
      });
      const kubernetesId = pod.metadata?.labels?.[KUBERNETES_ID];
      this.pods.push({
        ...(pod.metadata?.name ? { name: pod.metadata.name } : {}),
        node,
        namespace: pod.metadata?.namespace ?? 'default',
        ...(kubernetesId ? { kubernetesId } : {}),
        cpu,
        memory: mem,
      });
    }
  }
}

/** The node table's rows as cost allocation reads them. */
export function costInputNodes(
  rows: NodeRow[],
  defaultRegion: string,
): CostInputNode[] {
  return rows.map(r => ({
    name: r.name,
    instanceType: r.instanceType,
    arch: r.arch,
    capacityType: r.capacityType,
    region:
      r.zone && r.zone !== 'unknown'
        ? r.zone.replace(/[a-z]$/, '')
        : defaultRegion,
    cpu: r.vcpu,
    memory: r.memoryBytes,
    pricePerHour: r.pricePerHour,
    ...(r.priceBasis ? { priceBasis: r.priceBasis } : {}),
  }));
}
