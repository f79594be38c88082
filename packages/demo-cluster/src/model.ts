import { DemoService } from './catalog';
import { InstanceShape, instanceShape, SIZE_WEIGHTS } from './instanceTypes';
import { KarpenterEventLog } from './karpenterEvents';
import {
  PoolDefinition,
  poolDefinitions,
  readKarpenterManifests,
} from './nodePools';
import { Random } from './random';
import { GitOpsRelease, RunningRelease, SchedulableNode } from './releases';

/** Any Kubernetes object as served in JSON. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: any;
};

/** Everything the demo cluster serves, keyed by `<group>/<plural>`. */
export type ResourceKey =
  | 'core/nodes'
  | 'core/pods'
  | 'core/namespaces'
  | 'core/services'
  | 'core/events'
  | 'apps/deployments'
  | 'apps/replicasets'
  | 'apps/daemonsets'
  | 'policy/poddisruptionbudgets'
  | 'karpenter.sh/nodepools'
  | 'karpenter.sh/nodeclaims'
  | 'karpenter.k8s.aws/ec2nodeclasses'
  | 'karpenter.sh/nodeoverlays';

/** A small live change of {@link DemoClusterModel.liveChanges}. */
export type LiveChangeKind =
  | 'scale-up'
  | 'consolidation'
  | 'spot-interruption'
  | 'reschedule';

/** An immutable view of the cluster at one resourceVersion. */
export interface ClusterState {
  resourceVersion: number;
  collections: ReadonlyMap<ResourceKey, readonly K8sObject[]>;
}

/** Sizing and identity of a demo cluster. */
export interface DemoClusterSpec {
  /** The cluster's name; shows up in node names and the `/version` answer. */
  name: string;
  /** Number of nodes (default ~300). */
  nodes: number;
  /** Total pods including daemonset pods (default 20 per node). */
  pods?: number;
  seed: number;
  region?: string;
  services: DemoService[];
  /**
   * The Karpenter NodePool and EC2NodeClass manifests to run (default: the
   * built-in copies of infra/kubernetes/karpenter).
   */
  karpenter?: { nodePools: any[]; nodeClasses: any[]; nodeOverlays?: any[] };
  /** Clock, for tests. */
  now?: () => number;
}

const FILLER_WORKLOADS = [
  'lobby',
  'odds-engine',
  'session-cache',
  'bet-ledger',
  'kyc-checker',
  'reporting',
  'risk-scorer',
  'bonus-engine',
  'tournament',
  'leaderboard',
  'fraud-detector',
  'notifier',
  'payments-gateway',
  'slot-engine',
  'roulette',
  'blackjack',
  'poker-room',
  'jackpot',
  'audit-log',
  'settlement',
];
const FILLER_NAMESPACES = ['games', 'payments', 'players', 'risk', 'data'];
const DAEMONSETS = [
  { name: 'aws-node', cpu: 25, memMi: 64 },
  { name: 'kube-proxy', cpu: 100, memMi: 64 },
  { name: 'ebs-csi-node', cpu: 10, memMi: 40 },
];
const DAY_MS = 24 * 3600 * 1000;
const DRIFTED_SHARE = 0.02;
const DISRUPTED_SHARE = 0.005;

type Blocker =
  | 'do-not-disrupt'
  | 'node-do-not-disrupt'
  | 'pdb'
  | 'not-consolidatable'
  | 'none';

interface NodeRecord {
  node: K8sObject;
  claim?: K8sObject;
  pods: K8sObject[];
  blocker: Blocker;
}

interface WorkloadOwner {
  name: string;
  namespace: string;
  kubernetesId?: string;
  rsName: string;
  rsUid: string;
  image: string;
}

function utilWeight(util: number): number {
  if (util === 0) return 0;
  return util < 0.4 ? 0.3 : 1;
}

function ts(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A deterministic, slowly changing Karpenter cluster. Same seed, same
 * `now` and same number of {@link DemoClusterModel.churn} calls give the same
 * objects.
 */
export class DemoClusterModel {
  readonly spec: Required<Omit<DemoClusterSpec, 'now' | 'karpenter'>> & {
    now: () => number;
  };
  private readonly pools: PoolDefinition[];
  private readonly nodeClassManifests: any[];
  private readonly poolLimits = new Map<
    string,
    { cpu: string; memory: string }
  >();
  private readonly rng: Random;
  private readonly records = new Map<string, NodeRecord>();
  private rv = 1000;
  private ipCounter = 0;
  private tickCount = 0;
  private readonly owners = new Map<string, WorkloadOwner>();
  private readonly serviceReplicas = new Map<string, number>();
  private staticObjects!: {
    deployments: K8sObject[];
    replicasets: K8sObject[];
    services: K8sObject[];
    daemonsets: K8sObject[];
    ec2nodeclasses: K8sObject[];
    pdbs: K8sObject[];
  };
  private state!: ClusterState;
  private readonly nodePoolUids = new Map<string, string>();
  private readonly karpenterEvents: KarpenterEventLog;
  /** Karpenter NodeOverlays (price adjustments), served as they are given. */
  private readonly nodeOverlays: K8sObject[];
  private readonly createdAt: number;
  private releases = new Map<
    string,
    { running: RunningRelease; digest: string }
  >();

  constructor(spec: DemoClusterSpec) {
    this.spec = {
      ...spec,
      region: spec.region ?? 'eu-central-1',
      pods: spec.pods ?? spec.nodes * 20,
      now: spec.now ?? Date.now,
    };
    this.rng = new Random(spec.seed);
    this.createdAt = this.spec.now();
    const karpenter =
      spec.karpenter ?? readKarpenterManifests(undefined, spec.name);
    this.pools = poolDefinitions(karpenter.nodePools);
    this.nodeClassManifests = karpenter.nodeClasses;
    this.nodeOverlays = (spec.karpenter?.nodeOverlays ?? []).map(o => ({
      ...o,
      metadata: {
        ...o.metadata,
        uid: this.uid(),
        resourceVersion: this.nextRv(),
        generation: 1,
        creationTimestamp: new Date(this.createdAt).toISOString(),
      },
    }));
    for (const pool of this.pools) {
      this.nodePoolUids.set(pool.name, this.uid());
    }
    this.karpenterEvents = new KarpenterEventLog({
      seed: spec.seed,
      nextRv: () => this.nextRv(),
      policyOf: name =>
        this.pools.find(p => p.name === name)?.manifest.spec?.disruption
          ?.consolidationPolicy,
    });
    this.populate();
  }

  /** The current immutable state. */
  current(): ClusterState {
    return this.state;
  }

  /**
   * One step of churn: Karpenter replaces about 1% of the nodes, the node
   * count follows a daily curve, and new capacity leans a little more to
   * Graviton each step, so history charts move.
   */
  churn(): void {
    this.tickCount++;
    const now = this.spec.now();
    const managed = [...this.records.values()].filter(
      r => r.claim !== undefined,
    );
    const replace = Math.max(1, Math.round(this.spec.nodes * 0.01));
    const dayPhase = ((now - this.createdAt) / DAY_MS) * 2 * Math.PI;
    const target = Math.round(
      this.spec.nodes * (1 + 0.04 * Math.sin(dayPhase)),
    );
    const removeCount = Math.min(
      managed.length,
      Math.max(0, replace + (this.records.size - target)),
    );
    const orphans: K8sObject[] = [];
    for (let i = 0; i < removeCount; i++) {
      const idx = this.rng.int(0, managed.length - 1);
      const [record] = managed.splice(idx, 1);
      this.records.delete(record.node.metadata.name);
      for (const pod of record.pods) {
        if (pod.metadata.labels?.['backstage.io/kubernetes-id']) {
          orphans.push(pod);
        }
      }
    }
    const addCount = Math.max(0, target - this.records.size);
    const added: NodeRecord[] = [];
    const podsPerNode = this.spec.pods / this.spec.nodes - DAEMONSETS.length;
    for (let i = 0; i < addCount; i++) {
      const record = this.createNode(
        now - this.rng.int(30, 600) * 1000,
        'none',
      );
      this.fillNode(record, this.utilisationProfile(), podsPerNode);
      added.push(record);
    }
    // Catalog services keep their replica count: evicted pods come back on
    // another node under a new name, as a ReplicaSet would do it.
    const targets = [...this.records.values()].filter(r => r.claim);
    for (const pod of orphans) {
      const owner = this.owners.get(
        pod.metadata.labels!['app.kubernetes.io/name']!,
      )!;
      const record = this.rng.pick(targets);
      const cpu = pod.spec.containers[0].resources.requests.cpu;
      const mem = pod.spec.containers[0].resources.requests.memory;
      record.pods.push(this.createPod(record, owner, cpu, mem, now));
    }
    this.rebuild();
  }

  /**
   * Small live changes, as a watch sees them between two bulk churn steps:
   * Karpenter adds an empty node (`scale-up`), removes an empty one
   * (`consolidation`), a spot node is reclaimed and its workload pods come
   * back elsewhere (`spot-interruption`), or one pod moves (`reschedule`).
   * One rebuild for all of them; returns the nodes added and removed.
   */
  liveChanges(kinds: readonly LiveChangeKind[]): {
    nodesAdded: string[];
    nodesRemoved: string[];
  } {
    const now = this.spec.now();
    const out = { nodesAdded: [] as string[], nodesRemoved: [] as string[] };
    const isDaemon = (p: K8sObject) => p.metadata.namespace === 'kube-system';
    const movable = (p: K8sObject) =>
      !isDaemon(p) &&
      p.metadata.annotations?.['karpenter.sh/do-not-disrupt'] !== 'true';
    const place = (pod: K8sObject, except: string) => {
      const owner = this.owners.get(
        pod.metadata.labels?.['app.kubernetes.io/name'] ?? '',
      );
      const targets = [...this.records.values()].filter(
        r => r.claim && r.node.metadata.name !== except,
      );
      if (!owner || targets.length === 0) return;
      const record = this.rng.pick(targets);
      const req = pod.spec.containers[0].resources.requests;
      record.pods.push(this.createPod(record, owner, req.cpu, req.memory, now));
    };
    const remove = (record: NodeRecord) => {
      this.records.delete(record.node.metadata.name);
      out.nodesRemoved.push(record.node.metadata.name);
      for (const pod of record.pods.filter(movable)) {
        place(pod, record.node.metadata.name);
      }
    };
    for (const kind of kinds) {
      const managed = [...this.records.values()].filter(r => r.claim);
      if (kind === 'scale-up') {
        const record = this.createNode(now, 'none');
        this.fillNode(record, { util: 0 }, 0);
        out.nodesAdded.push(record.node.metadata.name);
      } else if (kind === 'consolidation') {
        const empty = managed.filter(
          r => r.blocker === 'none' && !r.pods.some(p => !isDaemon(p)),
        );
        if (empty.length > 0) remove(this.rng.pick(empty));
      } else if (kind === 'spot-interruption') {
        const spot = managed.filter(
          r =>
            r.node.metadata.labels?.['karpenter.sh/capacity-type'] === 'spot',
        );
        if (spot.length > 0) remove(this.rng.pick(spot));
      } else {
        const from = managed.filter(r => r.pods.some(movable));
        if (from.length === 0) continue;
        const record = this.rng.pick(from);
        const pods = record.pods.filter(movable);
        const pod = this.rng.pick(pods);
        record.pods = record.pods.filter(p => p !== pod);
        place(pod, record.node.metadata.name);
      }
    }
    this.rebuild();
    return out;
  }

  /**
   * Runs exactly these releases of the GitOps tree (the rendered platform
   * chart per service): new ones get their pods scheduled on the demo
   * nodes, unchanged ones keep their pods, removed ones go away.
   */
  setReleases(releases: readonly GitOpsRelease[]): void {
    const next = new Map<string, { running: RunningRelease; digest: string }>();
    for (const release of releases) {
      const digest = JSON.stringify([release.team, release.objects]);
      const existing = this.releases.get(release.application);
      next.set(
        release.application,
        existing?.digest === digest
          ? existing
          : {
              running: new RunningRelease(release, this.spec.now(), () =>
                this.nextRv(),
              ),
              digest,
            },
      );
    }
    this.releases = next;
    this.rebuild();
  }

  /** The releases running now, with where they were read from. */
  runningReleases(): GitOpsRelease[] {
    return [...this.releases.values()].map(r => r.running.release);
  }

  /** How many churn steps have run. */
  ticks(): number {
    return this.tickCount;
  }

  private uid(): string {
    const h = this.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
      17,
      20,
    )}-${h.slice(20, 32)}`;
  }

  private nextRv(): string {
    this.rv += 1;
    return String(this.rv);
  }

  private utilisationProfile(): { util: number; blocker: Blocker } {
    const r = this.rng.next();
    if (r < 0.04) {
      return { util: 0, blocker: 'none' };
    }
    if (r < 0.16) {
      const blocker = this.rng.weighted<Blocker>([
        ['do-not-disrupt', 0.3],
        ['pdb', 0.2],
        ['not-consolidatable', 0.2],
        ['node-do-not-disrupt', 0.05],
        ['none', 0.25],
      ]);
      return { util: 0.08 + this.rng.next() * 0.25, blocker };
    }
    return { util: 0.5 + this.rng.next() * 0.42, blocker: 'none' };
  }

  private populate() {
    const now = this.spec.now();
    const { nodes: nodeCount, services } = this.spec;

    for (const svc of services) {
      const replicas =
        svc.kubernetesId === 'chain-listener'
          ? 0
          : 2 + (svc.kubernetesId.length % 5);
      this.serviceReplicas.set(svc.kubernetesId, replicas);
      this.owners.set(
        svc.kubernetesId,
        this.makeOwner(svc.kubernetesId, svc.namespace, svc.kubernetesId),
      );
    }
    for (let i = 0; i < FILLER_WORKLOADS.length * 10; i++) {
      const name = `${
        FILLER_WORKLOADS[i % FILLER_WORKLOADS.length]
      }-${Math.floor(i / FILLER_WORKLOADS.length)}`;
      this.owners.set(
        name,
        this.makeOwner(name, FILLER_NAMESPACES[i % FILLER_NAMESPACES.length]),
      );
    }

    // Two nodes from the EKS managed node group that bootstrapped Karpenter:
    // no Karpenter labels, and an instance type outside the price table.
    const bootstrapCount = Math.min(2, nodeCount);
    const profiles: Array<{
      record: NodeRecord;
      util: number;
      blocker: Blocker;
    }> = [];
    for (let i = 0; i < bootstrapCount; i++) {
      const record = this.createBootstrapNode(now - 40 * DAY_MS);
      profiles.push({ record, util: 0.6, blocker: 'none' });
    }
    for (let i = bootstrapCount; i < nodeCount; i++) {
      const profile = this.utilisationProfile();
      const age = this.rng.next() * 29.5 * DAY_MS;
      const record = this.createNode(now - age, profile.blocker);
      profiles.push({ record, ...profile });
    }

    // Spread workload pods so the total hits the requested pod count.
    const workloadTarget = Math.max(
      0,
      this.spec.pods - nodeCount * DAEMONSETS.length,
    );
    // bigger nodes run more pods
    const weights = profiles.map(
      p =>
        utilWeight(p.util) *
        Math.sqrt(parseInt(p.record.node.status.capacity.cpu, 10) / 4),
    );
    const weightSum = weights.reduce((a: number, b: number) => a + b, 0) || 1;
    profiles.forEach((p, i) => {
      this.fillNode(
        p.record,
        p,
        (weights[i] / weightSum) * workloadTarget,
        true,
      );
    });

    // chain-listener runs one replica on each node flagged with a PDB
    // blocker; its PDB allows no disruption.
    const listener = this.owners.get('chain-listener');
    let listenerReplicas = 0;
    if (listener) {
      for (const p of profiles) {
        if (p.blocker === 'pdb') {
          this.replaceWithService(p.record, listener, now);
          listenerReplicas++;
        }
      }
      if (listenerReplicas === 0 && profiles.length > bootstrapCount) {
        this.replaceWithService(
          profiles[profiles.length - 1].record,
          listener,
          now,
        );
        listenerReplicas = 1;
      }
      this.serviceReplicas.set('chain-listener', listenerReplicas);
    }
    // Other catalog services: spread over busy nodes.
    const busy = profiles.filter(
      p => p.util >= 0.5 && p.record.pods.length > DAEMONSETS.length,
    );
    for (const svc of services) {
      if (svc.kubernetesId === 'chain-listener' || busy.length === 0) {
        continue;
      }
      const owner = this.owners.get(svc.kubernetesId)!;
      for (let r = 0; r < this.serviceReplicas.get(svc.kubernetesId)!; r++) {
        this.replaceWithService(this.rng.pick(busy).record, owner, now);
      }
    }

    this.createStaticObjects(now);
    this.rebuild();
  }

  private makeOwner(
    name: string,
    namespace: string,
    kubernetesId?: string,
  ): WorkloadOwner {
    return {
      name,
      namespace,
      kubernetesId,
      rsName: `${name}-${this.rng.int(5, 9)}${this.rng.suffix(8)}`,
      rsUid: this.uid(),
      image: `123456789012.dkr.ecr.${
        this.spec.region
      }.amazonaws.com/${name.replace(/-\d+$/, '')}:1.${this.rng.int(
        0,
        40,
      )}.${this.rng.int(0, 9)}`,
    };
  }

  private replaceWithService(
    record: NodeRecord,
    owner: WorkloadOwner,
    now: number,
  ) {
    const idx = record.pods.findIndex(
      p =>
        (p.metadata.ownerReferences as any)[0].kind === 'ReplicaSet' &&
        !p.metadata.labels?.['backstage.io/kubernetes-id'] &&
        !p.metadata.annotations,
    );
    let cpu = '250m';
    let mem = '256Mi';
    if (idx >= 0) {
      const old = record.pods[idx];
      cpu = old.spec.containers[0].resources.requests.cpu;
      mem = old.spec.containers[0].resources.requests.memory;
      record.pods.splice(idx, 1);
    }
    record.pods.push(this.createPod(record, owner, cpu, mem, now));
  }

  private nextIp(): string {
    const n = this.ipCounter++;
    return `10.${20 + ((n >> 16) & 0x3f)}.${(n >> 8) & 0xff}.${n & 0xff}`;
  }

  private labelsFor(
    shape: InstanceShape,
    pool: string | undefined,
    capacityType: string | undefined,
    zone: string,
    hostname: string,
  ) {
    const labels: Record<string, string> = {
      'kubernetes.io/arch': shape.arch,
      'kubernetes.io/os': 'linux',
      'beta.kubernetes.io/arch': shape.arch,
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/hostname': hostname,
      'node.kubernetes.io/instance-type': shape.instanceType,
      'beta.kubernetes.io/instance-type': shape.instanceType,
      'topology.kubernetes.io/region': this.spec.region,
      'topology.kubernetes.io/zone': zone,
      'failure-domain.beta.kubernetes.io/region': this.spec.region,
      'failure-domain.beta.kubernetes.io/zone': zone,
    };
    if (pool && capacityType) {
      Object.assign(labels, {
        'karpenter.sh/nodepool': pool,
        'karpenter.sh/capacity-type': capacityType,
        'karpenter.sh/initialized': 'true',
        'karpenter.sh/registered': 'true',
        'karpenter.k8s.aws/ec2nodeclass': this.pools.find(p => p.name === pool)!
          .nodeClass,
        'karpenter.k8s.aws/instance-family': shape.family,
        'karpenter.k8s.aws/instance-size': shape.size,
        'karpenter.k8s.aws/instance-category': shape.category,
        'karpenter.k8s.aws/instance-generation': shape.generation,
        'karpenter.k8s.aws/instance-cpu': String(shape.vcpu),
        'karpenter.k8s.aws/instance-memory': String(shape.memoryGiB * 1024),
        'karpenter.k8s.aws/instance-hypervisor': 'nitro',
      });
    }
    return labels;
  }

  private resources(shape: InstanceShape) {
    const cpuMilli = shape.vcpu * 1000;
    // kubelet + system reserved CPU, as the EKS AMI computes it (roughly)
    const reservedCpu =
      [70, 80, 90, 110][[2, 4, 8, 16].findIndex(v => shape.vcpu <= v)] ?? 150;
    const memKi = Math.round(shape.memoryGiB * 1024 * 1024 * 0.96);
    const reservedMemKi = (255 + 11 * shape.maxPods + 100) * 1024;
    return {
      capacity: {
        cpu: String(shape.vcpu),
        'ephemeral-storage': '20959212Ki',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memKi}Ki`,
        pods: String(shape.maxPods),
      },
      allocatable: {
        cpu: `${cpuMilli - reservedCpu}m`,
        'ephemeral-storage': '18242267924',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memKi - reservedMemKi}Ki`,
        pods: String(shape.maxPods),
      },
      allocCpuMilli: cpuMilli - reservedCpu,
      allocMemMi: Math.floor((memKi - reservedMemKi) / 1024),
    };
  }

  private createBootstrapNode(created: number): NodeRecord {
    const zone = `${this.spec.region}${this.rng.pick(['a', 'b', 'c'])}`;
    const ip = this.nextIp();
    const hostname = `ip-${ip.replace(/\./g, '-')}.ec2.internal`;
    const shape: InstanceShape = {
      instanceType: 'm5.large',
      family: 'm5',
      size: 'large',
      category: 'm',
      generation: '5',
      arch: 'amd64',
      vcpu: 2,
      memoryGiB: 8,
      maxPods: 29,
    };
    const labels = this.labelsFor(shape, undefined, undefined, zone, hostname);
    labels['eks.amazonaws.com/nodegroup'] = 'bootstrap';
    labels['eks.amazonaws.com/capacityType'] = 'ON_DEMAND';
    const res = this.resources(shape);
    const node = this.nodeObject(
      hostname,
      labels,
      {},
      res,
      `aws:///${zone}/i-0${this.rng.hex(16)}`,
      shape,
      created,
      ip,
      [],
    );
    const record: NodeRecord = { node, pods: [], blocker: 'none' };
    this.records.set(hostname, record);
    return record;
  }

  private createNode(created: number, blocker: Blocker): NodeRecord {
    const trend = Math.min(0.2, this.tickCount * 0.002);
    const pool = this.rng.weighted(
      this.pools.map(
        p =>
          [
            p,
            Math.max(0.01, p.share + (p.arch === 'arm64' ? trend : -trend)),
          ] as const,
      ),
    );
    const family = this.rng.pick(pool.families);
    const sizes = SIZE_WEIGHTS.filter(([s]) => pool.sizes.includes(s));
    const size = this.rng.weighted(sizes.length ? sizes : SIZE_WEIGHTS);
    const shape = instanceShape(family, size);
    const capacityType = this.rng.weighted(
      pool.capacityTypes.map(c => [c, c === 'spot' ? 0.55 : 0.45] as const),
    );
    const zone = `${this.spec.region}${this.rng.pick(['a', 'b', 'c'])}`;
    const ip = this.nextIp();
    const hostname = `ip-${ip.replace(/\./g, '-')}.ec2.internal`;
    const providerID = `aws:///${zone}/i-0${this.rng.hex(16)}`;
    const labels = this.labelsFor(
      shape,
      pool.name,
      capacityType,
      zone,
      hostname,
    );
    const res = this.resources(shape);
    const claimName = `${pool.name}-${this.rng.suffix(5)}`;
    const claimUid = this.uid();

    const drifted = this.rng.chance(DRIFTED_SHARE);
    const disrupted = this.rng.chance(DISRUPTED_SHARE);
    const annotations: Record<string, string> = {
      'karpenter.sh/nodepool-hash': String(this.rng.int(1e15, 9e15)),
      'karpenter.sh/nodepool-hash-version': 'v3',
      'karpenter.k8s.aws/ec2nodeclass-hash': String(this.rng.int(1e15, 9e15)),
      'karpenter.k8s.aws/ec2nodeclass-hash-version': 'v4',
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    };
    if (blocker === 'node-do-not-disrupt') {
      annotations['karpenter.sh/do-not-disrupt'] = 'true';
    }
    const taints: any[] = [
      ...(pool.manifest.spec?.template?.spec?.taints ?? []),
    ];
    if (disrupted) {
      taints.push({ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' });
    }
    const node = this.nodeObject(
      hostname,
      labels,
      annotations,
      res,
      providerID,
      shape,
      created + 45_000,
      ip,
      taints,
    );
    node.metadata.ownerReferences = [
      {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodeClaim',
        name: claimName,
        uid: claimUid,
        blockOwnerDeletion: true,
      },
    ];
    node.metadata.finalizers = ['karpenter.sh/termination'];

    const conditionTime = ts(created + 60_000);
    const conditions: any[] = [
      {
        type: 'Launched',
        status: 'True',
        reason: 'Launched',
        message: '',
        lastTransitionTime: ts(created + 5_000),
      },
      {
        type: 'Registered',
        status: 'True',
        reason: 'Registered',
        message: '',
        lastTransitionTime: ts(created + 45_000),
      },
      {
        type: 'Initialized',
        status: 'True',
        reason: 'Initialized',
        message: '',
        lastTransitionTime: conditionTime,
      },
      {
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
        message: '',
        lastTransitionTime: conditionTime,
      },
    ];
    if (blocker !== 'not-consolidatable') {
      conditions.push({
        type: 'Consolidatable',
        status: 'True',
        reason: 'Consolidatable',
        message: '',
        lastTransitionTime: conditionTime,
      });
    }
    if (drifted) {
      conditions.push({
        type: 'Drifted',
        status: 'True',
        reason: this.rng.pick(['AMIDrift', 'NodePoolDrifted', 'SubnetDrift']),
        message: '',
        lastTransitionTime: ts(this.spec.now() - this.rng.int(60, 7200) * 1000),
      });
    }
    if (disrupted) {
      conditions.push({
        type: 'DisruptionReason',
        status: 'True',
        reason: this.rng.pick(['Underutilized', 'Empty', 'Drifted']),
        message: '',
        lastTransitionTime: ts(this.spec.now() - 30_000),
      });
    }
    const arch = shape.arch;
    const claim: K8sObject = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodeClaim',
      metadata: {
        name: claimName,
        uid: claimUid,
        resourceVersion: this.nextRv(),
        generation: 1,
        creationTimestamp: ts(created),
        labels: Object.fromEntries(
          Object.entries(labels).filter(
            ([k]) => !k.startsWith('demo.') && k !== 'kubernetes.io/hostname',
          ),
        ),
        annotations: {
          'karpenter.sh/nodepool-hash':
            annotations['karpenter.sh/nodepool-hash'],
          'karpenter.sh/nodepool-hash-version': 'v3',
          'karpenter.k8s.aws/ec2nodeclass-hash':
            annotations['karpenter.k8s.aws/ec2nodeclass-hash'],
          'karpenter.k8s.aws/ec2nodeclass-hash-version': 'v4',
          'karpenter.k8s.aws/tagged': 'true',
        },
        finalizers: ['karpenter.sh/termination'],
        ownerReferences: [
          {
            apiVersion: 'karpenter.sh/v1',
            kind: 'NodePool',
            name: pool.name,
            uid: this.nodePoolUids.get(pool.name),
            blockOwnerDeletion: true,
          },
        ],
        ...(disrupted
          ? {
              deletionTimestamp: ts(this.spec.now() - 20_000),
              deletionGracePeriodSeconds: 0,
            }
          : {}),
      },
      spec: {
        expireAfter: pool.expireAfter,
        nodeClassRef: {
          group: 'karpenter.k8s.aws',
          kind: 'EC2NodeClass',
          name: pool.nodeClass,
        },
        requirements: [
          { key: 'karpenter.sh/nodepool', operator: 'In', values: [pool.name] },
          { key: 'kubernetes.io/arch', operator: 'In', values: [arch] },
          {
            key: 'karpenter.sh/capacity-type',
            operator: 'In',
            values: [capacityType],
          },
          {
            key: 'karpenter.k8s.aws/instance-family',
            operator: 'In',
            values: pool.families,
            minValues: 2,
          },
          {
            key: 'node.kubernetes.io/instance-type',
            operator: 'In',
            values: [shape.instanceType],
          },
        ],
        resources: {
          requests: {
            cpu: `${
              this.rng.int(1, Math.max(1, shape.vcpu - 1)) * 1000 - 250
            }m`,
            pods: String(this.rng.int(3, 12)),
          },
        },
        ...(taints.length
          ? { taints: taints.filter(t => t.key !== 'karpenter.sh/disrupted') }
          : {}),
      },
      status: {
        providerID,
        nodeName: hostname,
        imageID:
          arch === 'arm64' ? 'ami-0a1b2c3d4e5f60718' : 'ami-0f9e8d7c6b5a49382',
        capacity: {
          cpu: res.capacity.cpu,
          'ephemeral-storage': '20Gi',
          memory: res.capacity.memory,
          pods: res.capacity.pods,
        },
        allocatable: {
          cpu: res.allocatable.cpu,
          'ephemeral-storage': '17Gi',
          memory: res.allocatable.memory,
          pods: res.allocatable.pods,
        },
        conditions,
        lastPodEventTime: ts(this.spec.now() - this.rng.int(60, 3600) * 1000),
      },
    };
    const record: NodeRecord = { node, claim, pods: [], blocker };
    this.records.set(hostname, record);
    return record;
  }

  private nodeObject(
    hostname: string,
    labels: Record<string, string>,
    annotations: Record<string, string>,
    res: ReturnType<DemoClusterModel['resources']>,
    providerID: string,
    shape: InstanceShape,
    created: number,
    ip: string,
    taints: any[],
  ): K8sObject {
    const node: K8sObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: hostname,
        uid: this.uid(),
        resourceVersion: this.nextRv(),
        creationTimestamp: ts(created),
        labels,
        annotations,
      },
      spec: { providerID, ...(taints.length ? { taints } : {}) },
      status: {
        capacity: res.capacity,
        allocatable: res.allocatable,
        conditions: [
          {
            type: 'MemoryPressure',
            status: 'False',
            lastHeartbeatTime: ts(created),
            lastTransitionTime: ts(created),
            reason: 'KubeletHasSufficientMemory',
            message: 'kubelet has sufficient memory available',
          },
          {
            type: 'DiskPressure',
            status: 'False',
            lastHeartbeatTime: ts(created),
            lastTransitionTime: ts(created),
            reason: 'KubeletHasNoDiskPressure',
            message: 'kubelet has no disk pressure',
          },
          {
            type: 'PIDPressure',
            status: 'False',
            lastHeartbeatTime: ts(created),
            lastTransitionTime: ts(created),
            reason: 'KubeletHasSufficientPID',
            message: 'kubelet has sufficient PID available',
          },
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: ts(created),
            lastTransitionTime: ts(created + 15_000),
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          },
        ],
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'InternalDNS', address: hostname },
          { type: 'Hostname', address: hostname },
        ],
        nodeInfo: {
          architecture: shape.arch,
          containerRuntimeVersion: 'containerd://2.1.4',
          kernelVersion: `6.12.46-66.121.amzn2023.${
            shape.arch === 'arm64' ? 'aarch64' : 'x86_64'
          }`,
          kubeProxyVersion: '',
          kubeletVersion: 'v1.34.1-eks-113cf36',
          operatingSystem: 'linux',
          osImage: 'Amazon Linux 2023.9.20251110',
        },
      },
    };
    return node;
  }

  private fillNode(
    record: NodeRecord,
    profile: { util: number },
    workloadPods: number,
    initial = false,
  ) {
    const now = this.spec.now();
    const created = initial
      ? Date.parse(record.node.metadata.creationTimestamp as string) + 30_000
      : now;
    for (const ds of DAEMONSETS) {
      record.pods.push(this.createDaemonPod(record, ds, created));
    }
    const shape = record.node.status.allocatable;
    const allocCpu = parseInt(shape.cpu, 10);
    const allocMemMi = Math.floor(parseInt(shape.memory, 10) / 1024);
    const maxPods = parseInt(shape.pods, 10) - DAEMONSETS.length;
    let count = profile.util === 0 ? 0 : Math.max(1, Math.round(workloadPods));
    count = Math.min(count, maxPods);
    if (count === 0) {
      return;
    }
    const dsCpu = DAEMONSETS.reduce((s, d) => s + d.cpu, 0);
    const dsMem = DAEMONSETS.reduce((s, d) => s + d.memMi, 0);
    const cpuBudget = Math.max(10 * count, profile.util * allocCpu - dsCpu);
    const memBudget = Math.max(
      16 * count,
      profile.util * (0.8 + this.rng.next() * 0.3) * allocMemMi - dsMem,
    );
    const fillers = FILLER_WORKLOADS.length * 10;
    for (let i = 0; i < count; i++) {
      const cpu = Math.max(10, Math.floor(cpuBudget / count / 10) * 10);
      const mem = Math.max(16, Math.floor(memBudget / count));
      const ownerName = `${
        FILLER_WORKLOADS[this.rng.int(0, FILLER_WORKLOADS.length - 1)]
      }-${this.rng.int(0, fillers / FILLER_WORKLOADS.length - 1)}`;
      const pod = this.createPod(
        record,
        this.owners.get(ownerName)!,
        `${cpu}m`,
        `${mem}Mi`,
        created,
      );
      if (i === 0 && record.blocker === 'do-not-disrupt') {
        // A batch job that must finish: Karpenter will not drain this node.
        pod.metadata.annotations = { 'karpenter.sh/do-not-disrupt': 'true' };
      }
      record.pods.push(pod);
    }
  }

  private createDaemonPod(
    record: NodeRecord,
    ds: (typeof DAEMONSETS)[number],
    created: number,
  ): K8sObject {
    const name = `${ds.name}-${this.rng.suffix(5)}`;
    return this.podObject({
      name,
      namespace: 'kube-system',
      labels: {
        'app.kubernetes.io/name': ds.name,
        'k8s-app': ds.name,
        'controller-revision-hash': '6d7f8c9b5',
      },
      owner: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        name: ds.name,
        uid: `ds-${ds.name}`,
      },
      record,
      image: `602401143452.dkr.ecr.${this.spec.region}.amazonaws.com/eks/${ds.name}:v1.34.0`,
      cpu: `${ds.cpu}m`,
      mem: `${ds.memMi}Mi`,
      created,
      priorityClassName: 'system-node-critical',
    });
  }

  private createPod(
    record: NodeRecord,
    owner: WorkloadOwner,
    cpu: string,
    mem: string,
    created: number,
  ): K8sObject {
    const labels: Record<string, string> = {
      'app.kubernetes.io/name': owner.name,
      'pod-template-hash': owner.rsName.slice(owner.name.length + 1),
    };
    if (owner.kubernetesId) {
      labels['backstage.io/kubernetes-id'] = owner.kubernetesId;
      labels['app.kubernetes.io/part-of'] = owner.namespace;
    }
    return this.podObject({
      name: `${owner.rsName}-${this.rng.suffix(5)}`,
      namespace: owner.namespace,
      labels,
      owner: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: owner.rsName,
        uid: owner.rsUid,
      },
      record,
      image: owner.image,
      cpu,
      mem,
      created,
    });
  }

  private podObject(o: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    owner: { apiVersion: string; kind: string; name: string; uid: string };
    record: NodeRecord;
    image: string;
    cpu: string;
    mem: string;
    created: number;
    priorityClassName?: string;
  }): K8sObject {
    const container = o.labels['app.kubernetes.io/name'].replace(/-\d+$/, '');
    const hostIP = (o.record.node.status.addresses as any[])[0].address;
    const started = ts(o.created + 3_000);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: o.name,
        generateName: o.name.slice(0, -5),
        namespace: o.namespace,
        uid: this.uid(),
        resourceVersion: this.nextRv(),
        creationTimestamp: ts(o.created),
        labels: o.labels,
        ownerReferences: [
          { ...o.owner, controller: true, blockOwnerDeletion: true },
        ],
      },
      spec: {
        nodeName: o.record.node.metadata.name,
        containers: [
          {
            name: container,
            image: o.image,
            ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
            resources: {
              requests: { cpu: o.cpu, memory: o.mem },
              limits: { memory: o.mem },
            },
            imagePullPolicy: 'IfNotPresent',
          },
        ],
        restartPolicy: 'Always',
        serviceAccountName: 'default',
        schedulerName: 'default-scheduler',
        ...(o.priorityClassName
          ? { priorityClassName: o.priorityClassName }
          : {}),
      },
      status: {
        phase: 'Running',
        conditions: [
          {
            type: 'Initialized',
            status: 'True',
            lastTransitionTime: ts(o.created),
          },
          { type: 'Ready', status: 'True', lastTransitionTime: started },
          {
            type: 'ContainersReady',
            status: 'True',
            lastTransitionTime: started,
          },
          {
            type: 'PodScheduled',
            status: 'True',
            lastTransitionTime: ts(o.created),
          },
        ],
        hostIP,
        podIP: this.nextIp(),
        startTime: ts(o.created),
        qosClass: 'Burstable',
        containerStatuses: [
          {
            name: container,
            ready: true,
            started: true,
            restartCount: 0,
            image: o.image,
            imageID: `${o.image.split(':')[0]}@sha256:${this.rng.hex(64)}`,
            containerID: `containerd://${this.rng.hex(64)}`,
            state: { running: { startedAt: started } },
          },
        ],
      },
    };
  }

  private createStaticObjects(now: number) {
    const created = ts(now - 60 * DAY_MS);
    const deployments: K8sObject[] = [];
    const replicasets: K8sObject[] = [];
    const services: K8sObject[] = [];
    for (const svc of this.spec.services) {
      const owner = this.owners.get(svc.kubernetesId)!;
      const replicas = this.serviceReplicas.get(svc.kubernetesId) ?? 0;
      const labels = {
        'app.kubernetes.io/name': svc.kubernetesId,
        'backstage.io/kubernetes-id': svc.kubernetesId,
        'app.kubernetes.io/part-of': svc.namespace,
      };
      const deployUid = this.uid();
      const status = {
        observedGeneration: 3,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
      };
      const template = {
        metadata: {
          labels: {
            ...labels,
            'pod-template-hash': owner.rsName.slice(
              svc.kubernetesId.length + 1,
            ),
          },
        },
        spec: {
          containers: [
            {
              name: svc.kubernetesId,
              image: owner.image,
              ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
            },
          ],
        },
      };
      deployments.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: svc.kubernetesId,
          namespace: svc.namespace,
          uid: deployUid,
          resourceVersion: this.nextRv(),
          generation: 3,
          creationTimestamp: created,
          labels,
          annotations: { 'deployment.kubernetes.io/revision': '3' },
        },
        spec: {
          replicas,
          selector: {
            matchLabels: { 'app.kubernetes.io/name': svc.kubernetesId },
          },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
          },
          template,
        },
        status: {
          ...status,
          conditions: [
            {
              type: 'Available',
              status: 'True',
              reason: 'MinimumReplicasAvailable',
              message: 'Deployment has minimum availability.',
              lastUpdateTime: created,
              lastTransitionTime: created,
            },
            {
              type: 'Progressing',
              status: 'True',
              reason: 'NewReplicaSetAvailable',
              message: `ReplicaSet "${owner.rsName}" has successfully progressed.`,
              lastUpdateTime: created,
              lastTransitionTime: created,
            },
          ],
        },
      });
      replicasets.push({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: owner.rsName,
          namespace: svc.namespace,
          uid: owner.rsUid,
          resourceVersion: this.nextRv(),
          generation: 1,
          creationTimestamp: created,
          labels: template.metadata.labels,
          annotations: {
            'deployment.kubernetes.io/revision': '3',
            'deployment.kubernetes.io/desired-replicas': String(replicas),
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: svc.kubernetesId,
              uid: deployUid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas,
          selector: { matchLabels: template.metadata.labels },
          template,
        },
        status: {
          replicas,
          fullyLabeledReplicas: replicas,
          readyReplicas: replicas,
          availableReplicas: replicas,
          observedGeneration: 1,
        },
      });
      services.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: svc.kubernetesId,
          namespace: svc.namespace,
          uid: this.uid(),
          resourceVersion: this.nextRv(),
          creationTimestamp: created,
          labels,
        },
        spec: {
          type: 'ClusterIP',
          clusterIP: `172.20.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`,
          ports: [
            { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
          ],
          selector: { 'app.kubernetes.io/name': svc.kubernetesId },
          sessionAffinity: 'None',
        },
        status: { loadBalancer: {} },
      });
    }
    const daemonsets = DAEMONSETS.map(ds => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name: ds.name,
        namespace: 'kube-system',
        uid: `ds-${ds.name}`,
        resourceVersion: this.nextRv(),
        generation: 1,
        creationTimestamp: created,
        labels: { 'app.kubernetes.io/name': ds.name, 'k8s-app': ds.name },
      },
      spec: {
        selector: { matchLabels: { 'k8s-app': ds.name } },
        template: {
          metadata: { labels: { 'k8s-app': ds.name } },
          spec: {
            containers: [{ name: ds.name, image: `eks/${ds.name}:v1.34.0` }],
          },
        },
      },
      status: {},
    }));
    const nodeClassStatus = {
      amis: [
        {
          id: 'ami-0f9e8d7c6b5a49382',
          name: 'amazon-eks-node-al2023-x86_64-standard-1.34-v20251110',
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
          ],
        },
        {
          id: 'ami-0a1b2c3d4e5f60718',
          name: 'amazon-eks-node-al2023-arm64-standard-1.34-v20251110',
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
          ],
        },
      ],
      subnets: ['a', 'b', 'c'].map((z, i) => ({
        id: `subnet-0${this.rng.hex(16)}`,
        zone: `${this.spec.region}${z}`,
        zoneID: `use1-az${i + 1}`,
      })),
      securityGroups: [
        {
          id: `sg-0${this.rng.hex(16)}`,
          name: `eks-cluster-sg-${this.spec.name}`,
        },
      ],
      instanceProfile: `${this.spec.name}_${this.rng.int(1e15, 9e15)}`,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Ready',
          message: '',
          lastTransitionTime: created,
          observedGeneration: 1,
        },
      ],
    };
    const classNames = [...new Set(this.pools.map(p => p.nodeClass))];
    const ec2nodeclasses = classNames.map(name => {
      const manifest = this.nodeClassManifests.find(
        m => m.metadata?.name === name,
      ) ?? {
        apiVersion: 'karpenter.k8s.aws/v1',
        kind: 'EC2NodeClass',
        metadata: { name },
        spec: {
          amiSelectorTerms: [{ alias: 'al2023@latest' }],
          role: `KarpenterNodeRole-${this.spec.name}`,
          subnetSelectorTerms: [
            { tags: { 'karpenter.sh/discovery': this.spec.name } },
          ],
          securityGroupSelectorTerms: [
            { tags: { 'karpenter.sh/discovery': this.spec.name } },
          ],
        },
      };
      return {
        ...manifest,
        metadata: {
          ...manifest.metadata,
          uid: this.uid(),
          resourceVersion: this.nextRv(),
          generation: 1,
          creationTimestamp: created,
          finalizers: ['karpenter.k8s.aws/termination'],
        },
        status: nodeClassStatus,
      };
    });
    const listenerReplicas = this.serviceReplicas.get('chain-listener') ?? 0;
    const pdbs: K8sObject[] = [];
    const listenerSvc = this.spec.services.find(
      s => s.kubernetesId === 'chain-listener',
    );
    if (listenerSvc) {
      pdbs.push(
        this.pdb(
          'chain-listener',
          listenerSvc.namespace,
          { minAvailable: listenerReplicas },
          listenerReplicas,
          listenerReplicas,
          created,
        ),
      );
    }
    const wallet = this.spec.services.find(s => s.kubernetesId === 'wallet');
    if (wallet) {
      const replicas = this.serviceReplicas.get('wallet') ?? 0;
      pdbs.push(
        this.pdb(
          'wallet',
          wallet.namespace,
          { maxUnavailable: 1 },
          replicas,
          replicas - 1,
          created,
        ),
      );
    }
    this.staticObjects = {
      deployments,
      replicasets,
      services,
      daemonsets,
      ec2nodeclasses,
      pdbs,
    };
  }

  private pdb(
    name: string,
    namespace: string,
    rule: Record<string, number>,
    healthy: number,
    desired: number,
    created: string,
  ): K8sObject {
    return {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: {
        name,
        namespace,
        uid: this.uid(),
        resourceVersion: this.nextRv(),
        generation: 1,
        creationTimestamp: created,
      },
      spec: {
        ...rule,
        selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      },
      status: {
        currentHealthy: healthy,
        desiredHealthy: desired,
        disruptionsAllowed: Math.max(0, healthy - desired),
        expectedPods: healthy,
        observedGeneration: 1,
        conditions: [
          {
            type: 'DisruptionAllowed',
            status: healthy - desired > 0 ? 'True' : 'False',
            reason:
              healthy - desired > 0 ? 'SufficientPods' : 'InsufficientPods',
            message: '',
            lastTransitionTime: created,
            observedGeneration: 1,
          },
        ],
      },
    };
  }

  private nodePools(records: NodeRecord[]): K8sObject[] {
    return this.pools.map(pool => {
      let cpu = 0;
      let memKi = 0;
      let nodes = 0;
      let pods = 0;
      for (const r of records) {
        if (r.node.metadata.labels?.['karpenter.sh/nodepool'] === pool.name) {
          nodes++;
          cpu += parseInt(r.node.status.capacity.cpu, 10);
          memKi += parseInt(r.node.status.capacity.memory, 10);
          pods += r.pods.length;
        }
      }
      // infra/'s limits fit the real cluster; the demo raises them to its
      // own size at start (x86 close to its limit, Graviton with headroom)
      // and keeps them while it churns.
      let limits = this.poolLimits.get(pool.name);
      if (!limits) {
        const target = pool.arch === 'amd64' ? 0.92 : 0.65;
        const infraCpu = Number(pool.manifest.spec?.limits?.cpu ?? 0);
        const infraMemGi = parseInt(
          String(pool.manifest.spec?.limits?.memory ?? '0'),
          10,
        );
        limits = {
          cpu: String(
            Math.max(
              Math.ceil(cpu / target / 10) * 10,
              Number.isFinite(infraCpu) && cpu / infraCpu < 1 ? infraCpu : 0,
            ),
          ),
          memory: `${Math.max(
            Math.ceil(memKi / 1024 / 1024 / target / 10) * 10,
            memKi / 1024 / 1024 / infraMemGi < 1 ? infraMemGi : 0,
          )}Gi`,
        };
        this.poolLimits.set(pool.name, limits);
      }
      return {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        ...pool.manifest,
        metadata: {
          ...pool.manifest.metadata,
          uid: this.nodePoolUids.get(pool.name)!,
          resourceVersion: String(this.rv),
          generation: 1,
          creationTimestamp: ts(this.createdAt - 60 * DAY_MS),
          annotations: {
            'karpenter.sh/nodepool-hash': '4012513481623584108',
            'karpenter.sh/nodepool-hash-version': 'v3',
          },
        },
        spec: { ...pool.manifest.spec, limits },
        status: {
          resources: {
            cpu: String(cpu),
            memory: `${memKi}Ki`,
            nodes: String(nodes),
            pods: String(pods),
          },
          nodes,
          conditions: [
            {
              type: 'ValidationSucceeded',
              status: 'True',
              reason: 'ValidationSucceeded',
              message: '',
              lastTransitionTime: ts(this.createdAt),
              observedGeneration: 1,
            },
            {
              type: 'NodeClassReady',
              status: 'True',
              reason: 'NodeClassReady',
              message: '',
              lastTransitionTime: ts(this.createdAt),
              observedGeneration: 1,
            },
            {
              type: 'Ready',
              status: 'True',
              reason: 'Ready',
              message: '',
              lastTransitionTime: ts(this.createdAt),
              observedGeneration: 1,
            },
          ],
        },
      };
    });
  }

  private rebuild() {
    const records = [...this.records.values()];
    const released = this.runReleases(records);
    const nodes: K8sObject[] = [];
    const claims: K8sObject[] = [];
    const pods: K8sObject[] = [];
    const namespaces = new Set<string>(['default', 'kube-system', 'karpenter']);
    for (const r of records) {
      nodes.push(r.node);
      if (r.claim) {
        claims.push(r.claim);
      }
      for (const p of r.pods) {
        pods.push(p);
        namespaces.add(p.metadata.namespace!);
      }
    }
    for (const p of released.pods) {
      pods.push(p);
      namespaces.add(p.metadata.namespace!);
    }
    const nsCreated = ts(this.createdAt - 60 * DAY_MS);
    const collections = new Map<ResourceKey, readonly K8sObject[]>([
      ['core/nodes', nodes],
      ['core/pods', pods],
      [
        'core/namespaces',
        [...namespaces].sort().map(name => ({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name,
            uid: `ns-${name}`,
            resourceVersion: '100',
            creationTimestamp: nsCreated,
            labels: { 'kubernetes.io/metadata.name': name },
          },
          spec: { finalizers: ['kubernetes'] },
          status: { phase: 'Active' },
        })),
      ],
      ['core/services', [...this.staticObjects.services, ...released.services]],
      // Karpenter's own words about nodes and NodeClaims (core/v1 Events).
      ['core/events', this.karpenterEvents.build(records, this.spec.now())],
      [
        'apps/deployments',
        [...this.staticObjects.deployments, ...released.deployments],
      ],
      [
        'apps/replicasets',
        [...this.staticObjects.replicasets, ...released.replicasets],
      ],
      ['apps/daemonsets', this.staticObjects.daemonsets],
      [
        'policy/poddisruptionbudgets',
        [...this.staticObjects.pdbs, ...released.pdbs],
      ],
      ['karpenter.sh/nodepools', this.nodePools(records)],
      ['karpenter.sh/nodeclaims', claims],
      ['karpenter.k8s.aws/ec2nodeclasses', this.staticObjects.ec2nodeclasses],
      ['karpenter.sh/nodeoverlays', this.nodeOverlays],
    ]);
    this.rv += 1;
    this.state = { resourceVersion: this.rv, collections };
  }

  /** Keeps the GitOps releases' pods on live nodes and returns their objects. */
  private runReleases(records: NodeRecord[]) {
    const out = {
      deployments: [] as K8sObject[],
      replicasets: [] as K8sObject[],
      services: [] as K8sObject[],
      pdbs: [] as K8sObject[],
      pods: [] as K8sObject[],
    };
    if (this.releases.size === 0) {
      return out;
    }
    const now = this.spec.now();
    // Pods of releases placed so far count against their nodes, too.
    const placed = new Map<string, K8sObject[]>();
    for (const { running } of this.releases.values()) {
      const nodes: SchedulableNode[] = records.map(r => {
        const extra = placed.get(r.node.metadata.name);
        return { node: r.node, pods: extra ? [...r.pods, ...extra] : r.pods };
      });
      running.reconcile(nodes, now);
      const objects = running.objects();
      for (const p of objects.pods) {
        if (p.spec.nodeName) {
          const list = placed.get(p.spec.nodeName) ?? [];
          list.push(p);
          placed.set(p.spec.nodeName, list);
        }
      }
      out.deployments.push(...objects.deployments);
      out.replicasets.push(...objects.replicasets);
      out.services.push(...objects.services);
      out.pdbs.push(...objects.pdbs);
      out.pods.push(...objects.pods);
    }
    return out;
  }
}
