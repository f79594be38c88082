/** The parts of a pod the request formula reads. @public */
export interface PodSpecLike {
  spec?: {
    containers?: Array<ContainerLike | undefined> | null;
    initContainers?: Array<ContainerLike | undefined> | null;
    overhead?: { cpu?: unknown; memory?: unknown } | null;
  } | null;
}

/** @public */
export interface ContainerLike {
  restartPolicy?: string;
  resources?: { requests?: { cpu?: unknown; memory?: unknown } | null } | null;
}

/**
 * A pod's CPU (cores) and memory (bytes) requests as the scheduler sees
 * them, the one formula the Clusters and Cost pages price by: the sum over
 * containers; init containers run before them, so the pod needs the larger
 * of that sum and the largest init container, except restartable (sidecar)
 * init containers, which run alongside and add to the sum; the RuntimeClass
 * overhead adds on top. `quantity` parses a value (and reports what it cannot
 * read); absent values count as 0.
 * @public
 */
export function podRequests(
  pod: PodSpecLike,
  quantity: (value: unknown, what: string) => number,
): { cpu: number; mem: number } {
  const q = (v: unknown, what: string) =>
    v === undefined ? 0 : quantity(v, what);
  let cpu = 0;
  let mem = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += q(c?.resources?.requests?.cpu, 'pod cpu request');
    mem += q(c?.resources?.requests?.memory, 'pod memory request');
  }
  let initCpu = 0;
  let initMem = 0;
  for (const c of pod.spec?.initContainers ?? []) {
    const ccpu = q(c?.resources?.requests?.cpu, 'pod cpu request');
    const cmem = q(c?.resources?.requests?.memory, 'pod memory request');
    if (c?.restartPolicy === 'Always') {
      cpu += ccpu;
      mem += cmem;
    } else {
      initCpu = Math.max(initCpu, ccpu);
      initMem = Math.max(initMem, cmem);
    }
  }
  cpu = Math.max(cpu, initCpu);
  mem = Math.max(mem, initMem);
  cpu += q(pod.spec?.overhead?.cpu, 'pod overhead');
  mem += q(pod.spec?.overhead?.memory, 'pod overhead');
  return { cpu, mem };
}
