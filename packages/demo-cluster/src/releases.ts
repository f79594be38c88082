import { createHash } from 'node:crypto';
import type { K8sObject } from './model';

/**
 * One Argo CD Application of the GitOps tree, rendered: the platform chart
 * (`infra/helm/app`) with a service's `values.yaml`, as Argo CD would apply
 * it from `infra/apps/<team>/<service>/`.
 */
export interface GitOpsRelease {
  /** `<team>-<service>`, the Argo CD Application's name */
  application: string;
  /** The team, which is also the namespace (the ApplicationSet's destination) */
  team: string;
  /** The service, which is also the Helm release name */
  service: string;
  /** Branch and commit the values were read from */
  branch: string;
  commit: string;
  /** The chart's rendered objects */
  objects: K8sObject[];
}

/** A node as the scheduler sees it. */
export interface SchedulableNode {
  node: K8sObject;
  /** Pods already bound to the node (their requests count against it) */
  pods: readonly K8sObject[];
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A name suffix derived from `seed`, in the alphabet Kubernetes generates names with. */
function suffix(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SUFFIX_ALPHABET[digest[i] % SUFFIX_ALPHABET.length];
  }
  return out;
}

function uidFor(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

/** The name of a pod's controller (its ReplicaSet). */
function ownerName(pod: K8sObject): string | undefined {
  return (pod.metadata.ownerReferences as Array<{ name: string }>)?.[0]?.name;
}

function ts(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** CPU quantity in millicores (`250m`, `0.5`, `2`). */
export function cpuMilli(quantity: unknown): number {
  if (quantity === undefined || quantity === null) return 0;
  const s = String(quantity);
  if (s.endsWith('m')) return Number(s.slice(0, -1)) || 0;
  return Math.round((Number(s) || 0) * 1000);
}

const MEMORY_UNITS: Record<string, number> = {
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
  k: 1000 / 1024 / 1024,
  M: 1e6 / 1024 / 1024,
  G: 1e9 / 1024 / 1024,
};

/** Memory quantity in MiB (`256Mi`, `1Gi`, `1048576Ki`, bytes). */
export function memoryMi(quantity: unknown): number {
  if (quantity === undefined || quantity === null) return 0;
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(String(quantity));
  if (!m) return 0;
  const unit = m[2] ? MEMORY_UNITS[m[2]] : 1 / 1024 / 1024;
  return (Number(m[1]) || 0) * (unit ?? 0);
}

function podRequests(spec: any): { cpu: number; mem: number } {
  let cpu = 0;
  let mem = 0;
  for (const c of spec?.containers ?? []) {
    cpu += cpuMilli(c.resources?.requests?.cpu);
    mem += memoryMi(c.resources?.requests?.memory);
  }
  return { cpu, mem };
}

function matchesExpression(
  labels: Record<string, string>,
  e: { key: string; operator: string; values?: string[] },
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, e.key);
  const values = (e.values ?? []).map(String);
  switch (e.operator) {
    case 'In':
      return has && values.includes(labels[e.key]);
    case 'NotIn':
      return !has || !values.includes(labels[e.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && Number(labels[e.key]) > Number(values[0]);
    case 'Lt':
      return has && Number(labels[e.key]) < Number(values[0]);
    default:
      return false;
  }
}

function tolerated(taint: any, tolerations: any[]): boolean {
  return tolerations.some(t => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

type Misfit = 'selector' | 'taint' | 'cpu' | 'memory' | 'pods';

const MISFIT_TEXT: Record<Misfit, string> = {
  selector: "didn't match Pod's node affinity/selector",
  taint: 'had untolerated taint(s)',
  cpu: 'Insufficient cpu',
  memory: 'Insufficient memory',
  pods: 'Too many pods',
};

/** Why a pod does not fit a node, checked in the scheduler's filter order; undefined when it fits. */
function misfit(
  podSpec: any,
  requests: { cpu: number; mem: number },
  candidate: SchedulableNode,
): Misfit | undefined {
  const labels: Record<string, string> = candidate.node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(podSpec.nodeSelector ?? {})) {
    if (labels[k] !== String(v)) return 'selector';
  }
  const terms =
    podSpec.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (
    Array.isArray(terms) &&
    terms.length > 0 &&
    !terms.some((t: any) =>
      (t.matchExpressions ?? []).every((e: any) =>
        matchesExpression(labels, e),
      ),
    )
  ) {
    return 'selector';
  }
  const taints = (candidate.node.spec?.taints ?? []).filter(
    (t: any) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (taints.some((t: any) => !tolerated(t, podSpec.tolerations ?? []))) {
    return 'taint';
  }
  const alloc = candidate.node.status?.allocatable ?? {};
  let usedCpu = 0;
  let usedMem = 0;
  for (const p of candidate.pods) {
    const r = podRequests(p.spec);
    usedCpu += r.cpu;
    usedMem += r.mem;
  }
  if (usedCpu + requests.cpu > cpuMilli(alloc.cpu)) return 'cpu';
  if (usedMem + requests.mem > memoryMi(alloc.memory)) return 'memory';
  if (candidate.pods.length + 1 > Number(alloc.pods ?? 110)) return 'pods';
  return undefined;
}

function preferredScore(podSpec: any, labels: Record<string, string>) {
  let score = 0;
  for (const p of podSpec.affinity?.nodeAffinity
    ?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    const exprs = p.preference?.matchExpressions ?? [];
    if (exprs.every((e: any) => matchesExpression(labels, e))) {
      score += Number(p.weight) || 0;
    }
  }
  return score;
}

/**
 * Picks a node for one pod the way kube-scheduler would in outline: filter
 * by nodeSelector, required node affinity, taints and free requests; then
 * prefer the preferred affinity's weight (Graviton, spot), then zones and
 * nodes holding fewer replicas of the same workload (the chart's
 * topologySpreadConstraints). Returns the node, or the reasons no node fits
 * in the scheduler's own message format.
 */
export function scheduleOne(
  podName: string,
  podSpec: any,
  nodes: readonly SchedulableNode[],
  siblings: readonly K8sObject[],
): { node: SchedulableNode } | { unschedulable: string } {
  const requests = podRequests(podSpec);
  const reasons = new Map<Misfit, number>();
  const zoneOf = (n: K8sObject) =>
    n.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
  const nodeZones = new Map(nodes.map(n => [n.node.metadata.name, n]));
  const perZone = new Map<string, number>();
  const perNode = new Map<string, number>();
  for (const s of siblings) {
    const nodeName = s.spec?.nodeName;
    if (!nodeName) continue;
    perNode.set(nodeName, (perNode.get(nodeName) ?? 0) + 1);
    const n = nodeZones.get(nodeName);
    if (n) {
      const z = zoneOf(n.node);
      perZone.set(z, (perZone.get(z) ?? 0) + 1);
    }
  }
  let best: { node: SchedulableNode; score: number; tie: string } | undefined;
  for (const candidate of nodes) {
    const why = misfit(podSpec, requests, candidate);
    if (why) {
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
      continue;
    }
    const name = candidate.node.metadata.name;
    const score =
      preferredScore(podSpec, candidate.node.metadata.labels ?? {}) * 100 -
      (perZone.get(zoneOf(candidate.node)) ?? 0) * 10 -
      (perNode.get(name) ?? 0) * 50;
    const tie = createHash('sha256').update(`${podName}|${name}`).digest('hex');
    if (
      !best ||
      score > best.score ||
      (score === best.score && tie < best.tie)
    ) {
      best = { node: candidate, score, tie };
    }
  }
  if (best) return { node: best.node };
  const detail = [...reasons.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([why, count]) => `${count} node(s) ${MISFIT_TEXT[why]}`)
    .join(', ');
  return {
    unschedulable: `0/${nodes.length} nodes are available: ${detail}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`,
  };
}

/**
 * A release running in the demo cluster: its Deployment's pods, bound to
 * demo nodes by {@link scheduleOne}, re-created on another node when churn
 * removes theirs (as the ReplicaSet controller would), and Pending with the
 * scheduler's message when nothing fits.
 */
export class RunningRelease {
  private readonly pods: K8sObject[] = [];
  private spawned = 0;
  private readonly deployments: Array<{
    deployment: K8sObject;
    replicaset: K8sObject;
    replicas: number;
  }> = [];
  private readonly others: K8sObject[] = [];

  constructor(
    readonly release: GitOpsRelease,
    createdAt: number,
    private readonly nextRv: () => string,
  ) {
    const { team } = release;
    const created = ts(createdAt);
    const meta = (o: K8sObject) => ({
      ...o.metadata,
      namespace: team,
      uid: uidFor(`${release.commit}|${o.kind}|${o.metadata.name}`),
      resourceVersion: nextRv(),
      creationTimestamp: created,
      annotations: {
        ...(o.metadata.annotations ?? {}),
        'argocd.argoproj.io/tracking-id': `${
          release.application
        }:${o.apiVersion.replace(/\/.*/, '')}/${o.kind}:${team}/${
          o.metadata.name
        }`,
      },
    });
    for (const o of release.objects) {
      if (o.kind !== 'Deployment') {
        this.others.push({ ...o, metadata: meta(o) });
        continue;
      }
      const hpa = release.objects.find(
        h =>
          h.kind === 'HorizontalPodAutoscaler' &&
          h.spec?.scaleTargetRef?.name === o.metadata.name,
      );
      const replicas = Number(o.spec?.replicas ?? hpa?.spec?.minReplicas ?? 1);
      const templateHash = suffix(
        `${release.commit}|${JSON.stringify(o.spec?.template ?? {})}`,
        10,
      );
      const deployment: K8sObject = {
        ...o,
        metadata: {
          ...meta(o),
          generation: 1,
          annotations: {
            ...meta(o).annotations,
            'deployment.kubernetes.io/revision': '1',
          },
        },
        spec: { ...o.spec, replicas },
      };
      const templateLabels = {
        ...(o.spec?.template?.metadata?.labels ?? {}),
        'pod-template-hash': templateHash,
      };
      const rsName = `${o.metadata.name}-${templateHash}`;
      const replicaset: K8sObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: team,
          uid: uidFor(`${release.commit}|ReplicaSet|${rsName}`),
          resourceVersion: nextRv(),
          generation: 1,
          creationTimestamp: created,
          labels: templateLabels,
          annotations: {
            'deployment.kubernetes.io/revision': '1',
            'deployment.kubernetes.io/desired-replicas': String(replicas),
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: o.metadata.name,
              uid: deployment.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas,
          selector: {
            matchLabels: {
              ...(o.spec?.selector?.matchLabels ?? {}),
              'pod-template-hash': templateHash,
            },
          },
          template: {
            ...o.spec?.template,
            metadata: { ...o.spec?.template?.metadata, labels: templateLabels },
          },
        },
      };
      this.deployments.push({ deployment, replicaset, replicas });
    }
  }

  /**
   * Keeps every Deployment at its replica count on the given nodes: pods
   * whose node is gone are replaced, Pending pods are scheduled when a node
   * fits. Returns whether anything changed.
   */
  reconcile(nodes: readonly SchedulableNode[], now: number): boolean {
    const live = new Set(nodes.map(n => n.node.metadata.name));
    let changed = false;
    for (let i = this.pods.length - 1; i >= 0; i--) {
      const nodeName = this.pods[i].spec.nodeName;
      if (nodeName && !live.has(nodeName)) {
        this.pods.splice(i, 1);
        changed = true;
      }
    }
    // The scheduler sees this release's pods on their nodes too.
    const bound = new Map<string, K8sObject[]>();
    for (const p of this.pods) {
      if (p.spec.nodeName) {
        const list = bound.get(p.spec.nodeName) ?? [];
        list.push(p);
        bound.set(p.spec.nodeName, list);
      }
    }
    const view = (): SchedulableNode[] =>
      nodes.map(n => {
        const mine = bound.get(n.node.metadata.name);
        return mine ? { node: n.node, pods: [...n.pods, ...mine] } : n;
      });
    for (const { replicaset, replicas } of this.deployments) {
      const rsName = replicaset.metadata.name;
      const owned = () =>
        this.pods.filter(p => ownerName(p) === rsName) as K8sObject[];
      // Pending pods first, then new ones up to the replica count.
      for (const pod of owned().filter(p => !p.spec.nodeName)) {
        const placed = scheduleOne(
          pod.metadata.name,
          pod.spec,
          view(),
          owned(),
        );
        if ('node' in placed) {
          // A new object: snapshots already served keep the Pending pod.
          const running = this.bind(pod, placed.node, now);
          this.pods[this.pods.indexOf(pod)] = running;
          const list = bound.get(running.spec.nodeName) ?? [];
          list.push(running);
          bound.set(running.spec.nodeName, list);
          changed = true;
        }
      }
      while (owned().length < replicas) {
        const name = `${rsName}-${suffix(
          `${this.release.commit}|${rsName}|${this.spawned++}`,
          5,
        )}`;
        let pod = this.podFromTemplate(replicaset, name, now);
        const placed = scheduleOne(name, pod.spec, view(), owned());
        if ('node' in placed) {
          pod = this.bind(pod, placed.node, now);
          const list = bound.get(pod.spec.nodeName) ?? [];
          list.push(pod);
          bound.set(pod.spec.nodeName, list);
        } else {
          pod.status.conditions = [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: placed.unschedulable,
              lastTransitionTime: ts(now),
            },
          ];
        }
        this.pods.push(pod);
        changed = true;
      }
    }
    return changed;
  }

  /** Every object of the release as the API serves it now. */
  objects(): {
    deployments: K8sObject[];
    replicasets: K8sObject[];
    services: K8sObject[];
    pdbs: K8sObject[];
    pods: K8sObject[];
  } {
    const deployments = this.deployments.map(d => {
      const rsName = d.replicaset.metadata.name;
      const ready = this.pods.filter(
        p => ownerName(p) === rsName && p.status.phase === 'Running',
      ).length;
      const available = ready >= d.replicas;
      const created = d.deployment.metadata.creationTimestamp;
      return {
        deployment: {
          ...d.deployment,
          status: {
            observedGeneration: 1,
            replicas: d.replicas,
            updatedReplicas: d.replicas,
            readyReplicas: ready,
            availableReplicas: ready,
            ...(available ? {} : { unavailableReplicas: d.replicas - ready }),
            conditions: [
              {
                type: 'Available',
                status: available ? 'True' : 'False',
                reason: available
                  ? 'MinimumReplicasAvailable'
                  : 'MinimumReplicasUnavailable',
                message: available
                  ? 'Deployment has minimum availability.'
                  : 'Deployment does not have minimum availability.',
                lastUpdateTime: created,
                lastTransitionTime: created,
              },
              {
                type: 'Progressing',
                status: 'True',
                reason: 'NewReplicaSetAvailable',
                message: `ReplicaSet "${rsName}" has successfully progressed.`,
                lastUpdateTime: created,
                lastTransitionTime: created,
              },
            ],
          },
        },
        replicaset: {
          ...d.replicaset,
          status: {
            replicas: d.replicas,
            fullyLabeledReplicas: d.replicas,
            readyReplicas: ready,
            availableReplicas: ready,
            observedGeneration: 1,
          },
        },
      };
    });
    return {
      deployments: deployments.map(d => d.deployment),
      replicasets: deployments.map(d => d.replicaset),
      services: this.others
        .filter(o => o.kind === 'Service')
        .map((o, i) => ({
          ...o,
          spec: {
            ...o.spec,
            clusterIP: `172.21.${
              createHash('sha256')
                .update(o.metadata.uid as string)
                .digest()[0]
            }.${10 + i}`,
          },
          status: { loadBalancer: {} },
        })),
      pdbs: this.others.filter(o => o.kind === 'PodDisruptionBudget'),
      pods: [...this.pods],
    };
  }

  private podFromTemplate(
    replicaset: K8sObject,
    name: string,
    now: number,
  ): K8sObject {
    const template = replicaset.spec.template;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${replicaset.metadata.name}-`,
        namespace: this.release.team,
        uid: uidFor(`${this.release.commit}|Pod|${name}`),
        resourceVersion: this.nextRv(),
        creationTimestamp: ts(now),
        labels: { ...template.metadata.labels },
        ...(template.metadata.annotations
          ? { annotations: { ...template.metadata.annotations } }
          : {}),
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: replicaset.metadata.name,
            uid: replicaset.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        ...template.spec,
        restartPolicy: template.spec?.restartPolicy ?? 'Always',
        schedulerName: 'default-scheduler',
      },
      status: { phase: 'Pending', qosClass: 'Burstable' },
    };
  }

  /** The pod bound to `node` and running, as a new object. */
  private bind(pod: K8sObject, node: SchedulableNode, now: number): K8sObject {
    const hostIP = (node.node.status?.addresses ?? [])[0]?.address ?? '';
    const ip = createHash('sha256')
      .update(pod.metadata.uid as string)
      .digest();
    const started = ts(now + 3_000);
    const spec = { ...pod.spec, nodeName: node.node.metadata.name };
    const metadata = { ...pod.metadata, resourceVersion: this.nextRv() };
    const status = {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: ts(now) },
        { type: 'Ready', status: 'True', lastTransitionTime: started },
        {
          type: 'ContainersReady',
          status: 'True',
          lastTransitionTime: started,
        },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: ts(now) },
      ],
      hostIP,
      podIP: `10.60.${ip[0]}.${ip[1]}`,
      startTime: ts(now),
      qosClass: 'Burstable',
      containerStatuses: (spec.containers ?? []).map((c: any) => ({
        name: c.name,
        ready: true,
        started: true,
        restartCount: 0,
        image: c.image,
        imageID: `${String(c.image).split(':')[0]}@sha256:${createHash('sha256')
          .update(String(c.image))
          .digest('hex')}`,
        containerID: `containerd://${createHash('sha256')
          .update(`${pod.metadata.uid}|${c.name}`)
          .digest('hex')}`,
        state: { running: { startedAt: started } },
      })),
    };
    return { ...pod, metadata, spec, status };
  }
}
