import { KubeObject } from '@internal/plugin-node-mix-common';
import { internString as intern } from '../aggregation/podRecord';

/*
 * What the watch cache keeps of each object: only the fields the
 * aggregation (ClusterAggregator) reads. Pods are kept as flat records
 * (`aggregation/podRecord.ts`); the few thousand nodes and NodeClaims
 * keep their shape, trimmed to these fields, with repeated strings stored
 * once.
 */

function internValues(
  record: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!record) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(record)) out[intern(k)] = intern(record[k]);
  return out;
}

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
