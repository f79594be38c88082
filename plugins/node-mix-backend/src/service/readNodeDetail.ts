import { podRequests } from '@internal/pricing';
import {
  ConsolidationCandidate,
  KubeObject,
  NodeDetail,
  NodeDetailPod,
  parseResourceQuantity,
} from '@internal/plugin-node-mix-common';
import {
  KubernetesClient,
  ClusterReadError,
} from '../clients/KubernetesClient';
import {
  eventsReadProblem,
  karpenterEventsForNode,
  KarpenterEventIndex,
} from './karpenterEvents';

/** Pods listed by name in a node's detail; a node rarely runs more than 110. */
export const NODE_DETAIL_POD_LIMIT = 250;

const conditionsOf = (o: KubeObject | undefined): NodeDetail['conditions'] =>
  ((o?.status?.conditions ?? []) as any[]).map(c => ({
    type: String(c.type),
    status: String(c.status),
    ...(c.reason ? { reason: String(c.reason) } : {}),
    ...(c.message ? { message: String(c.message).slice(0, 1000) } : {}),
  }));

/**
 * Karpenter's events about one node and its NodeClaim, read live with field
 * selectors (two small lists, the same on a real API server as on the demo).
 */
export async function readNodeKarpenterEvents(options: {
  reader: KubernetesClient;
  node: string;
  nodeClaim?: string;
}): Promise<{ index: KarpenterEventIndex; error?: string }> {
  const { reader, node, nodeClaim } = options;
  const index = new KarpenterEventIndex();
  const objects: Array<[string, string]> = [['Node', node]];
  if (nodeClaim) objects.push(['NodeClaim', nodeClaim]);
  const errors = await Promise.all(
    objects.map(([kind, name]) =>
      reader
        .list('/api/v1/events', items => items.forEach(e => index.apply(e)), {
          fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
        })
        .then(
          () => undefined,
          e => eventsReadProblem(e),
        ),
    ),
  );
  const error = errors.find(Boolean);
  return { index, ...(error ? { error } : {}) };
}

/**
 * One node as on-call needs it in an incident, read live (not from the last
 * refresh): its taints and conditions, the pods on it with their requests and
 * owners, and its NodeClaim. Field selectors keep each read to one object or
 * one node's pods, the same on a real API server as on the demo cluster.
 */
export async function readNodeDetail(options: {
  reader: KubernetesClient;
  cluster: string;
  node: string;
  nodeClaim?: string;
  /** The portal's consolidation view of the node from the last read. */
  candidate?: ConsolidationCandidate;
  now: number;
}): Promise<NodeDetail | undefined> {
  const { reader, cluster, node, nodeClaim, candidate, now } = options;
  const nodes: KubeObject[] = [];
  const pods: KubeObject[] = [];
  const claims: KubeObject[] = [];
  const [, , , events] = await Promise.all([
    reader.list('/api/v1/nodes', items => nodes.push(...items), {
      fieldSelector: `metadata.name=${node}`,
    }),
    reader.list('/api/v1/pods', items => pods.push(...items), {
      fieldSelector: `spec.nodeName=${node},status.phase!=Succeeded,status.phase!=Failed`,
    }),
    nodeClaim
      ? reader
          .list(
            '/apis/karpenter.sh/v1/nodeclaims',
            items => claims.push(...items),
            { fieldSelector: `metadata.name=${nodeClaim}` },
          )
          .catch(e => {
            // Without Karpenter or rights on NodeClaims the node still shows.
            if (
              e instanceof ClusterReadError &&
              (e.status === 403 || e.status === 404)
            ) {
              return 0;
            }
            throw e;
          })
      : Promise.resolve(0),
    readNodeKarpenterEvents({ reader, node, nodeClaim }),
  ]);
  const n = nodes[0];
  if (!n) return undefined;
  const quantity = (v: unknown) => {
    const r = parseResourceQuantity(v);
    return r.ok ? r.value : 0;
  };
  const createdAt: string | undefined = n.metadata?.creationTimestamp;
  const claim = claims[0];
  const rows: NodeDetailPod[] = pods
    .map(p => {
      const { cpu, mem } = podRequests(p, quantity);
      const owner =
        (p.metadata?.ownerReferences ?? []).find((o: any) => o.controller) ??
        p.metadata?.ownerReferences?.[0];
      return {
        namespace: p.metadata?.namespace ?? 'default',
        name: p.metadata?.name ?? '?',
        ...(p.status?.phase ? { phase: p.status.phase } : {}),
        cpuRequested: cpu,
        memoryRequested: mem,
        ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
        ...(p.metadata?.creationTimestamp
          ? { createdAt: p.metadata.creationTimestamp }
          : {}),
      };
    })
    .sort(
      (a, b) =>
        b.cpuRequested - a.cpuRequested ||
        `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    );
  return {
    cluster,
    name: node,
    ...(createdAt
      ? {
          createdAt,
          ageSeconds: Math.max(
            0,
            Math.round((now - Date.parse(createdAt)) / 1000),
          ),
        }
      : {}),
    taints: ((n.spec?.taints ?? []) as any[]).map(t => ({
      key: String(t.key),
      ...(t.value !== undefined ? { value: String(t.value) } : {}),
      effect: String(t.effect),
    })),
    conditions: conditionsOf(n),
    pods: rows.slice(0, NODE_DETAIL_POD_LIMIT),
    podCount: rows.length,
    podLimit: NODE_DETAIL_POD_LIMIT,
    ...(claim
      ? {
          nodeClaim: {
            name: claim.metadata?.name ?? nodeClaim!,
            ...(claim.metadata?.labels?.['karpenter.sh/nodepool']
              ? { nodePool: claim.metadata.labels['karpenter.sh/nodepool'] }
              : {}),
            ...(claim.metadata?.creationTimestamp
              ? { createdAt: claim.metadata.creationTimestamp }
              : {}),
            ...(claim.spec?.expireAfter
              ? { expireAfter: String(claim.spec.expireAfter) }
              : {}),
            conditions: conditionsOf(claim),
          },
        }
      : {}),
    consolidation: {
      ...(candidate ? { portal: candidate } : {}),
      karpenter: karpenterEventsForNode(events.index, node, nodeClaim, now),
      ...(events.error ? { karpenterError: events.error } : {}),
    },
    readAt: new Date(now).toISOString(),
  };
}
