import { KubeObject } from '@internal/plugin-node-mix-common';

/*
 * What the watch cache keeps of each object: only the fields the
 * aggregation (ClusterAggregator) and the cost input read. A Pod is ~4 kB of
 * JSON on the wire and ~0.3 kB here; 100,000 of them fit in tens of MiB.
 */

/**
 * One copy of each repeated string (label values, namespaces, node names,
 * quantities): JSON.parse makes a new string for every occurrence, and
 * 100,000 pods repeat a few thousand values. Bounded, so hostile input
 * cannot grow it without limit.
 */
const interned = new Map<string, string>();
const MAX_INTERNED = 200_000;
function intern<T>(value: T): T {
  if (typeof value !== 'string') return value;
  const known = interned.get(value);
  if (known !== undefined) return known as T;
  if (interned.size < MAX_INTERNED) interned.set(value, value);
  return value;
}

function internValues(
  record: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!record) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(record)) out[k] = intern(record[k]);
  return out;
}

const POD_ANNOTATIONS = [
  'karpenter.sh/do-not-disrupt',
  'kubernetes.io/config.mirror',
];

function pick<T extends object>(
  from: T | undefined,
  keys: readonly string[],
): Partial<T> | undefined {
  if (!from) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const k of keys) {
    const v = (from as Record<string, unknown>)[k];
    if (v !== undefined) {
      out ??= {};
      out[k] = v;
    }
  }
  return out as Partial<T> | undefined;
}

function requestsOnly(containers: unknown): unknown {
  if (!Array.isArray(containers)) return undefined;
  return containers.map(c => ({
    resources: {
      requests: internValues(
        pick(c?.resources?.requests, ['cpu', 'memory']) as Record<
          string,
          string
        >,
      ),
    },
    ...(c?.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
  }));
}

/** A Pod as the aggregation reads it. */
export function slimPod(pod: KubeObject): KubeObject {
  const m = pod.metadata ?? {};
  const nodeName = pod.spec?.nodeName;
  const daemon = (m.ownerReferences ?? []).some(o => o.kind === 'DaemonSet');
  const pending = !nodeName;
  return {
    metadata: {
      name: m.name,
      namespace: intern(m.namespace),
      ...(m.labels ? { labels: internValues(m.labels) } : {}),
      ...(pick(m.annotations, POD_ANNOTATIONS)
        ? { annotations: pick(m.annotations, POD_ANNOTATIONS) as any }
        : {}),
      ...(daemon ? { ownerReferences: [{ kind: 'DaemonSet' }] } : {}),
      ...(pending ? { creationTimestamp: m.creationTimestamp } : {}),
    },
    spec: {
      nodeName: intern(nodeName),
      containers: requestsOnly(pod.spec?.containers),
      ...(pod.spec?.initContainers
        ? { initContainers: requestsOnly(pod.spec.initContainers) }
        : {}),
      ...(pod.spec?.overhead
        ? { overhead: pick(pod.spec.overhead, ['cpu', 'memory']) }
        : {}),
    },
    status: {
      phase: intern(pod.status?.phase),
      ...(pending && Array.isArray(pod.status?.conditions)
        ? {
            conditions: pod.status.conditions.filter(
              (c: any) => c?.type === 'PodScheduled',
            ),
          }
        : {}),
    },
  };
}

/** A Node as the aggregation reads it (all labels: the node table shows them). */
export function slimNode(node: KubeObject): KubeObject {
  const m = node.metadata ?? {};
  const annotations = Object.fromEntries(
    Object.entries(m.annotations ?? {}).filter(([k]) =>
      k.startsWith('karpenter.'),
    ),
  );
  return {
    metadata: {
      name: m.name,
      labels: internValues(m.labels),
      annotations,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { taints: node.spec?.taints },
    status: {
      capacity: pick(node.status?.capacity, ['cpu', 'memory']),
      allocatable: pick(node.status?.allocatable, ['cpu', 'memory']),
      nodeInfo: { architecture: node.status?.nodeInfo?.architecture },
    },
  };
}

/** A NodeClaim: its node, NodePool, conditions and expiry. */
export function slimNodeClaim(claim: KubeObject): KubeObject {
  const m = claim.metadata ?? {};
  return {
    metadata: {
      name: m.name,
      labels: m.labels,
      creationTimestamp: m.creationTimestamp,
      ...(m.deletionTimestamp
        ? { deletionTimestamp: m.deletionTimestamp }
        : {}),
    },
    spec: pick(claim.spec, ['expireAfter', 'nodeClassRef']),
    status: pick(claim.status, ['nodeName', 'conditions']),
  };
}

/** Objects there are few of (NodePools, EC2NodeClasses, PDBs): whole, without managedFields. */
export function slimWhole(o: KubeObject): KubeObject {
  const metadata: Record<string, unknown> = { ...o.metadata };
  delete metadata.managedFields;
  return { ...o, metadata: metadata as KubeObject['metadata'] };
}
