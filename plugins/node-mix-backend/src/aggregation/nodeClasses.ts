import { ClusterSummary, KubeObject } from '@internal/plugin-node-mix-common';

/** Each EC2NodeClass and its Ready condition (null when it has none). */
export function nodeClassesOf(
  nodeClasses: Iterable<KubeObject>,
): ClusterSummary['nodeClasses'] {
  return [...nodeClasses].map(nc => {
    const ready = (nc.status?.conditions ?? []).find(
      (c: any) => c.type === 'Ready',
    );
    return {
      name: nc.metadata?.name ?? '?',
      ready: ready ? ready.status === 'True' : null,
      ...(ready?.message ? { message: ready.message } : {}),
    };
  });
}
