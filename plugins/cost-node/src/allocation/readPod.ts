import { podRequests } from '@internal/pricing';
import {
  CostInputPod,
  KubeObject,
  parseResourceQuantity,
} from '@internal/plugin-node-mix-common';

/** The pod label naming the catalog component a pod belongs to. */
const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/**
 * Reads a scheduled pod's requests (the larger of its init containers and
 * containers). Returns undefined for pods that hold no node: finished or
 * not scheduled yet. Counts unreadable requests with `warn`, as zero.
 */
export function readPod(
  pod: KubeObject,
  warn: (kind: string) => void,
): CostInputPod | undefined {
  const phase = pod.status?.phase;
  const nodeName: string | undefined = pod.spec?.nodeName;
  if (phase === 'Succeeded' || phase === 'Failed' || !nodeName) {
    return undefined;
  }
  const { cpu, mem } = podRequests(pod, v => {
    const r = parseResourceQuantity(v);
    if (!r.ok) {
      warn('unreadable pod request');
      return 0;
    }
    return r.value;
  });
  return {
    node: nodeName,
    namespace: pod.metadata?.namespace ?? 'default',
    kubernetesId: pod.metadata?.labels?.[KUBERNETES_ID_LABEL],
    cpu,
    memory: mem,
  };
}
