import { podRequests } from '@internal/pricing';
import {
  CostInputPod,
  KubeObject,
  parseResourceQuantity,
} from '@internal/plugin-node-mix-common';

/*
 * What the aggregation keeps of a pod, flat: one small object per pod with
 * numbers instead of quantity strings and no nested objects of its own. Its
 * label set is shared with every pod that has the same labels (the pods of
 * one ReplicaSet), and its repeated strings (namespace, node, phase) are one
 * copy each. 100,000 of them take a few tens of MiB.
 */

/** {@link PodRecord.flags}: a DaemonSet or mirror pod (not a workload). */
export const POD_DAEMON = 1;
/** {@link PodRecord.flags}: annotated `karpenter.sh/do-not-disrupt: "true"`. */
export const POD_DO_NOT_DISRUPT = 2;
/** {@link PodRecord.flags}: the pod had no `metadata.name`. */
export const POD_NAMELESS = 4;

/** A pod the scheduler has not placed, as its record keeps it. */
export interface PodPendingInfo {
  readonly since?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly unschedulable: boolean;
}

/**
 * The fields of a pod the node mix and cost allocation read.
 */
export interface PodRecord {
  /** `namespace/name` (`default` and `?` when missing). */
  readonly id: string;
  readonly namespace: string;
  /** `spec.nodeName`; undefined while the pod is not scheduled. */
  readonly node: string | undefined;
  readonly phase: string | undefined;
  /** The pod's labels, shared by every pod with the same set. */
  readonly labels: Readonly<Record<string, string>> | undefined;
  /** Requested CPU in millicores, rounded up (as the scheduler counts). */
  readonly cpuMilli: number;
  /** Requested memory in bytes, rounded up. */
  readonly memoryBytes: number;
  /** {@link POD_DAEMON} | {@link POD_DO_NOT_DISRUPT} | {@link POD_NAMELESS}. */
  readonly flags: number;
  /** Unreadable quantities: `[warning kind, example]`. */
  readonly problems?: ReadonlyArray<readonly [string, string]>;
  /** Set for a pending pod (no node, phase Pending or none). */
  readonly pending?: PodPendingInfo;
}

const MAX_INTERNED_STRINGS = 200_000;
const MAX_INTERNED_LABEL_SETS = 50_000;
const strings = new Map<string, string>();
const labelSets = new Map<string, Readonly<Record<string, string>>>();

/**
 * One copy of a repeated string. Bounded, so hostile input cannot grow the
 * table without limit (past the bound a string is simply not shared).
 */
export function internString<T>(value: T): T {
  if (typeof value !== 'string') return value;
  const known = strings.get(value);
  if (known !== undefined) return known as T;
  if (strings.size < MAX_INTERNED_STRINGS) strings.set(value, value);
  return value;
}

function internLabels(
  labels: Record<string, unknown> | undefined,
): Readonly<Record<string, string>> | undefined {
  if (!labels || typeof labels !== 'object') return undefined;
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return undefined;
  let id = '';
  for (const k of keys) id += `${k}\u0000${String(labels[k])}\u0000`;
  const known = labelSets.get(id);
  if (known) return known;
  const set: Record<string, string> = {};
  for (const k of keys) set[internString(k)] = internString(String(labels[k]));
  Object.freeze(set);
  if (labelSets.size < MAX_INTERNED_LABEL_SETS) labelSets.set(id, set);
  return set;
}

/**
 * A pod's record: requests by the one formula of `@internal/pricing`
 * (unreadable quantities count as 0 and are kept as problems).
 */
export function podRecord(pod: KubeObject): PodRecord {
  const m = pod.metadata ?? {};
  const namespace = internString(m.namespace ?? 'default');
  const id = `${namespace}/${m.name ?? '?'}`;
  let problems: Array<[string, string]> | undefined;
  const { cpu, mem } = podRequests(pod, (v, what) => {
    const r = parseResourceQuantity(v);
    if (r.ok) return r.value;
    (problems ??= []).push([`unreadable ${what}`, `${id}: ${r.error}`]);
    return 0;
  });
  const annotations = m.annotations ?? {};
  let flags = 0;
  if (
    (m.ownerReferences ?? []).some(o => o?.kind === 'DaemonSet') ||
    annotations['kubernetes.io/config.mirror'] !== undefined
  ) {
    flags |= POD_DAEMON;
  }
  if (annotations['karpenter.sh/do-not-disrupt'] === 'true') {
    flags |= POD_DO_NOT_DISRUPT;
  }
  if (!m.name) flags |= POD_NAMELESS;
  const node: string | undefined = pod.spec?.nodeName || undefined;
  const phase: string | undefined = pod.status?.phase;
  let pending: PodPendingInfo | undefined;
  if (!node && (phase === 'Pending' || phase === undefined)) {
    const conditions = pod.status?.conditions;
    const scheduled = Array.isArray(conditions)
      ? conditions.find((c: any) => c?.type === 'PodScheduled')
      : undefined;
    pending = {
      since: scheduled?.lastTransitionTime ?? m.creationTimestamp,
      reason:
        typeof scheduled?.reason === 'string' ? scheduled.reason : undefined,
      message:
        typeof scheduled?.message === 'string'
          ? scheduled.message.slice(0, 1000)
          : undefined,
      unschedulable:
        scheduled?.status === 'False' && scheduled?.reason === 'Unschedulable',
    };
  }
  return {
    id,
    namespace,
    node: internString(node),
    phase: internString(phase),
    labels: internLabels(m.labels),
    // rounded to whole millicores and bytes, so sums are exact integers and
    // do not depend on the order pods are added and removed in
    cpuMilli: Math.ceil(Math.round(cpu * 1e6) / 1e3),
    memoryBytes: Math.ceil(Math.round(mem * 1e3) / 1e3),
    flags,
    ...(problems ? { problems } : {}),
    ...(pending ? { pending } : {}),
  };
}

/** The pod's name (its id without the namespace). */
export function podName(record: PodRecord): string | undefined {
  return record.flags & POD_NAMELESS
    ? undefined
    : record.id.slice(record.namespace.length + 1);
}

/** Whether a record holds capacity on a node (scheduled, not terminated). */
export function podIsScheduled(
  record: PodRecord,
): record is PodRecord & { node: string } {
  return (
    !!record.node && record.phase !== 'Succeeded' && record.phase !== 'Failed'
  );
}

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** Scheduled pods' requests as cost allocation reads them. */
export function costInputPods(records: Iterable<PodRecord>): CostInputPod[] {
  const out: CostInputPod[] = [];
  for (const r of records) {
    if (!podIsScheduled(r)) continue;
    const name = podName(r);
    const kubernetesId = r.labels?.[KUBERNETES_ID];
    out.push({
      ...(name ? { name } : {}),
      node: r.node,
      namespace: r.namespace,
      ...(kubernetesId ? { kubernetesId } : {}),
      cpu: r.cpuMilli / 1000,
      memory: r.memoryBytes,
    });
  }
  return out;
}
