import {
  Micros,
  podRequests,
  PriceTable,
  resolvePrice,
  SpotPricing,
  unitsToMicros,
} from '@internal/pricing';
import {
  CostInputNode,
  CostInputPod,
  gravitonEquivalent,
  KubeObject,
  LABELS,
  parseResourceQuantity,
} from '@internal/plugin-node-mix-common';

/** The pod label naming the catalog component a pod belongs to. @public */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
/** Service and team of the part of a node no pod requested. @public */
export const IDLE = '__idle__';
/** Team of services the catalog does not know an owner for. @public */
export const UNALLOCATED = '__unallocated__';
/** Service of a team's share of the cluster's idle capacity. @public */
export const SHARED_IDLE = 'shared/idle';
/** Prefix of the service of a team's share of a shared namespace. @public */
export const SHARED_NAMESPACE_PREFIX = 'shared/namespace/';

/**
 * How idle capacity and shared namespaces (kube-system, monitoring) are
 * spread over the teams, as OpenCost's and Kubecost's shared costs:
 * `proportional` to each team's requested cost in the hour, `even` per team,
 * or `none` (they stay as their own rows).
 * @public
 */
export type ShareRule = 'proportional' | 'even' | 'none';

/** @public */
export interface ShareOptions {
  rule: ShareRule;
  /** Namespaces whose pods serve every team. */
  namespaces: string[];
  /** Whether the idle part of the nodes is shared too. */
  idle: boolean;
}

/**
 * Relative price of one vCPU-hour and one GiB-hour, used to split a node's
 * price into a CPU and a memory part. The defaults are OpenCost's default
 * custom pricing (CPU 0.031611, RAM 0.004237 per hour); only the ratio
 * matters.
 * @public
 */
export interface ResourceWeights {
  cpuPerCoreHour: number;
  ramPerGiBHour: number;
}

/** @public */
export const OPENCOST_DEFAULT_WEIGHTS: ResourceWeights = {
  cpuPerCoreHour: 0.031611,
  ramPerGiBHour: 0.004237,
};

/** Savings scenarios, as in the node-mix plugin's what-if. @public */
export type WhatIfScenarioId = 'graviton' | 'spot' | 'graviton-spot';

/** @public */
export const WHAT_IF_SCENARIOS: ReadonlyArray<{
  id: WhatIfScenarioId;
  label: string;
}> = [
  { id: 'graviton', label: 'x86 on-demand on Graviton on-demand' },
  { id: 'spot', label: 'x86 on-demand on x86 spot' },
  { id: 'graviton-spot', label: 'x86 on-demand on Graviton spot' },
];

/** Options of {@link CostAllocator}. @public */
export interface CostAllocationOptions {
  priceTable: PriceTable;
  spot: SpotPricing;
  /** Region of nodes without region/zone labels (default us-east-1). */
  defaultRegion?: string;
  /**
   * The owning team (a group entity ref) of a `backstage.io/kubernetes-id`,
   * or of `namespace/<name>` for the pods of a namespace a team owns.
   */
  teamOf(service: string): string | undefined;
  weights?: ResourceWeights;
  /** Spreads idle and shared-namespace cost over the teams; default none. */
  share?: ShareOptions;
}

/** Cost of one service of one team over the allocated period. @public */
export interface AllocationRow {
  /** `backstage.io/kubernetes-id`, `namespace/<ns>` for unlabelled pods, or {@link IDLE}. */
  service: string;
  /** Group entity ref, {@link UNALLOCATED} or {@link IDLE}. */
  team: string;
  amount: Micros;
}

/** What moving a team's share of x86 on-demand nodes would save per hour. @public */
export interface TeamWhatIf {
  team: string;
  scenario: WhatIfScenarioId;
  savings: Micros;
}

/** One hour of a cluster, allocated. @public */
export interface HourAllocation {
  rows: AllocationRow[];
  /** Sum of the priced nodes' hourly prices: always equals the sum of `rows`. */
  nodeBill: Micros;
  idle: Micros;
  nodes: number;
  pods: number;
  /** Nodes without a price: their cost is unknown, not zero. */
  unpriced: {
    nodes: number;
    pods: number;
    byInstanceType: Record<string, number>;
  };
  whatIf: TeamWhatIf[];
  /** Counted data problems (unreadable requests, pods on unknown nodes). */
  warnings: Record<string, number>;
}

interface NodeEntry {
  name: string;
  instanceType: string;
  arch: string;
  capacityType: string;
  region: string;
  cpu: number;
  memory: number;
  price: Micros | null;
  /** Pod requests and the index of their row key. */
  podCpu: number[];
  podMem: number[];
  podKey: number[];
}

/**
 * Allocates one hour of a cluster's node prices to its pods the way OpenCost
 * does: each node's price is split into a CPU and a memory part; a pod gets
 * the share of each that its requests are of the node's capacity; what no
 * pod requested stays visible as {@link IDLE}. Amounts are integer micros
 * and every node's pods plus its idle part add up to exactly its price.
 *
 * Feed nodes and pods page by page in any order, then call `finish`.
 * @public
 */
export class CostAllocator {
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly orphanPods = new Map<
    string,
    Array<{ cpu: number; mem: number; key: number }>
  >();
  private readonly keys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly warnings: Record<string, number> = {};
  private readonly weights: ResourceWeights;
  private pods = 0;

  constructor(private readonly options: CostAllocationOptions) {
    this.weights = options.weights ?? OPENCOST_DEFAULT_WEIGHTS;
  }

  private warn = (kind: string) => {
    this.warnings[kind] = (this.warnings[kind] ?? 0) + 1;
  };

  private key(service: string, team: string): number {
    const k = `${service}\u0000${team}`;
    let i = this.keyIndex.get(k);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(k);
      this.keyIndex.set(k, i);
    }
    return i;
  }

  addNodes(items: KubeObject[]): void {
    for (const node of items) {
      const name = node.metadata?.name;
      if (!name) {
        this.warn('node without a name');
        continue;
      }
      const labels = node.metadata?.labels ?? {};
      const instanceType =
        labels[LABELS.instanceType] ??
        labels[LABELS.instanceTypeBeta] ??
        'unknown';
      const eks = labels[LABELS.eksCapacityType];
      const capacityType =
        labels[LABELS.capacityType] ?? (eks === 'SPOT' ? 'spot' : 'on-demand');
      const zone = labels[LABELS.zone];
      const region =
        labels[LABELS.region] ??
        (zone
          ? zone.replace(/[a-z]$/, '')
          : this.options.defaultRegion ?? 'us-east-1');
      const capacity = node.status?.capacity ?? {};
      const cpu = parseResourceQuantity(capacity.cpu);
      const memory = parseResourceQuantity(capacity.memory);
      if (!cpu.ok || !memory.ok) {
        this.warn('unreadable node capacity');
      }
      const price = resolvePrice(
        this.options.priceTable,
        this.options.spot,
        region,
        instanceType,
        capacityType,
      );
      this.addNode({
        name,
        instanceType,
        arch:
          labels[LABELS.arch] ??
          node.status?.nodeInfo?.architecture ??
          'unknown',
        capacityType,
        region,
        cpu: cpu.ok ? cpu.value : 0,
        memory: memory.ok ? memory.value : 0,
        pricePerHour: price.perHour,
      });
    }
  }

  /** Adds a node that node-mix has already read and priced. */
  addNode(node: CostInputNode): void {
    const entry: NodeEntry = {
      name: node.name,
      instanceType: node.instanceType,
      arch: node.arch,
      capacityType: node.capacityType,
      region: node.region,
      cpu: node.cpu,
      memory: node.memory,
      price:
        node.pricePerHour === null ? null : unitsToMicros(node.pricePerHour),
      podCpu: [],
      podMem: [],
      podKey: [],
    };
    const early = this.orphanPods.get(node.name);
    if (early) {
      for (const p of early) {
        entry.podCpu.push(p.cpu);
        entry.podMem.push(p.mem);
        entry.podKey.push(p.key);
      }
      this.orphanPods.delete(node.name);
    }
    this.nodes.set(node.name, entry);
  }

  addPods(items: KubeObject[]): void {
    for (const pod of items) {
      const phase = pod.status?.phase;
      const nodeName: string | undefined = pod.spec?.nodeName;
      if (phase === 'Succeeded' || phase === 'Failed' || !nodeName) {
        continue;
      }
      const { cpu, mem } = podRequests(pod, v => {
        const r = parseResourceQuantity(v);
        if (!r.ok) {
          this.warn('unreadable pod request');
          return 0;
        }
        return r.value;
      });
      this.addPodRequests({
        node: nodeName,
        namespace: pod.metadata?.namespace ?? 'default',
        kubernetesId: pod.metadata?.labels?.[KUBERNETES_ID_LABEL],
        cpu,
        memory: mem,
      });
    }
  }

  /** Adds a scheduled pod's requests as node-mix computed them. */
  addPodRequests(pod: CostInputPod): void {
    this.pods++;
    const id = pod.kubernetesId;
    const byNamespace = `namespace/${pod.namespace}`;
    const service = id || byNamespace;
    // A pod's own service decides its team; otherwise its namespace's owner.
    const team =
      (id && this.options.teamOf(id)) ||
      this.options.teamOf(byNamespace) ||
      UNALLOCATED;
    const key = this.key(service, team);
    const node = this.nodes.get(pod.node);
    if (node) {
      node.podCpu.push(pod.cpu);
      node.podMem.push(pod.memory);
      node.podKey.push(key);
    } else {
      const list = this.orphanPods.get(pod.node) ?? [];
      list.push({ cpu: pod.cpu, mem: pod.memory, key });
      this.orphanPods.set(pod.node, list);
    }
  }

  /**
   * Splits `amount` of a node between its pods; returns the idle rest.
   * `into[key] += share` for every pod.
   */
  private split(
    node: NodeEntry,
    amount: Micros,
    into: Float64Array,
    sums: { cpu: number; mem: number },
  ): Micros {
    const gib = node.memory / 2 ** 30;
    const cpuWeight = node.cpu * this.weights.cpuPerCoreHour;
    const ramWeight = gib * this.weights.ramPerGiBHour;
    if (cpuWeight + ramWeight <= 0) {
      return amount;
    }
    const cpuPool = Math.round((amount * cpuWeight) / (cpuWeight + ramWeight));
    const ramPool = amount - cpuPool;
    // Requests above capacity (over-reported data) share the node pro rata.
    const cpuDen = Math.max(node.cpu, sums.cpu);
    const memDen = Math.max(node.memory, sums.mem);
    let allocated = 0;
    let largest = -1;
    let largestShare = 0;
    for (let i = 0; i < node.podKey.length; i++) {
      const share =
        (cpuDen > 0 ? Math.floor((cpuPool * node.podCpu[i]) / cpuDen) : 0) +
        (memDen > 0 ? Math.floor((ramPool * node.podMem[i]) / memDen) : 0);
      into[node.podKey[i]] += share;
      allocated += share;
      if (Math.abs(share) > largestShare) {
        largestShare = Math.abs(share);
        largest = i;
      }
    }
    let idle = amount - allocated;
    // Float rounding can overshoot by a micro; take it back from the largest share.
    if ((amount >= 0 && idle < 0) || (amount < 0 && idle > 0)) {
      into[node.podKey[largest]] += idle;
      idle = 0;
    }
    return idle;
  }

  finish(): HourAllocation {
    for (const [, pods] of this.orphanPods) {
      this.warnings['pods on a node the API did not list'] =
        (this.warnings['pods on a node the API did not list'] ?? 0) +
        pods.length;
    }
    const amounts = new Float64Array(this.keys.length);
    const savings = new Map<WhatIfScenarioId, Float64Array>(
      WHAT_IF_SCENARIOS.map(s => [s.id, new Float64Array(this.keys.length)]),
    );
    const idleSavings = new Map<WhatIfScenarioId, number>(
      WHAT_IF_SCENARIOS.map(s => [s.id, 0]),
    );
    const unpriced = {
      nodes: 0,
      pods: 0,
      byInstanceType: {} as Record<string, number>,
    };
    let nodeBill = 0;
    let idle = 0;
    const { priceTable, spot } = this.options;
    for (const node of this.nodes.values()) {
      if (node.price === null) {
        unpriced.nodes++;
        unpriced.pods += node.podKey.length;
        unpriced.byInstanceType[node.instanceType] =
          (unpriced.byInstanceType[node.instanceType] ?? 0) + 1;
        continue;
      }
      const sums = { cpu: 0, mem: 0 };
      for (let i = 0; i < node.podKey.length; i++) {
        sums.cpu += node.podCpu[i];
        sums.mem += node.podMem[i];
      }
      nodeBill += node.price;
      idle += this.split(node, node.price, amounts, sums);

      // The node-mix what-if: x86 on-demand nodes moved to Graviton and/or spot.
      if (node.arch === 'amd64' && node.capacityType === 'on-demand') {
        const graviton = gravitonEquivalent(node.instanceType);
        for (const s of WHAT_IF_SCENARIOS) {
          const type = s.id === 'spot' ? node.instanceType : graviton;
          const capacity = s.id === 'graviton' ? 'on-demand' : 'spot';
          const alt = type
            ? resolvePrice(priceTable, spot, node.region, type, capacity)
                .perHour
            : null;
          if (alt === null) {
            continue;
          }
          const delta = node.price - unitsToMicros(alt);
          idleSavings.set(
            s.id,
            idleSavings.get(s.id)! +
              this.split(node, delta, savings.get(s.id)!, sums),
          );
        }
      }
    }

    const rows: AllocationRow[] = [];
    const teamSavings = new Map<string, number>();
    this.keys.forEach((k, i) => {
      const [service, team] = k.split('\u0000');
      if (amounts[i] !== 0) {
        rows.push({ service, team, amount: amounts[i] });
      }
      for (const s of WHAT_IF_SCENARIOS) {
        const tk = `${team}\u0000${s.id}`;
        teamSavings.set(tk, (teamSavings.get(tk) ?? 0) + savings.get(s.id)![i]);
      }
    });
    rows.push({ service: IDLE, team: IDLE, amount: idle });
    const whatIf: TeamWhatIf[] = [];
    for (const [k, v] of teamSavings) {
      const [team, scenario] = k.split('\u0000') as [string, WhatIfScenarioId];
      whatIf.push({ team, scenario, savings: v });
    }
    for (const s of WHAT_IF_SCENARIOS) {
      whatIf.push({
        team: IDLE,
        scenario: s.id,
        savings: idleSavings.get(s.id)!,
      });
    }
    return {
      rows: this.options.share ? shareRows(rows, this.options.share) : rows,
      nodeBill,
      idle,
      nodes: this.nodes.size,
      pods: this.pods,
      unpriced,
      whatIf,
      warnings: this.warnings,
    };
  }
}

/**
 * Moves the idle row and the rows of shared namespaces to the teams that
 * own workloads this hour, as `shared/idle` and `shared/namespace/<ns>`
 * rows, so the teams' totals carry the whole bill. The amounts still add
 * up to exactly the same total; with no team to share with nothing moves.
 * @public
 */
export function shareRows(
  rows: AllocationRow[],
  share: ShareOptions,
): AllocationRow[] {
  if (share.rule === 'none') return rows;
  const sharedNs = new Set(share.namespaces.map(n => `namespace/${n}`));
  const isShared = (r: AllocationRow) =>
    (share.idle && r.service === IDLE) ||
    (sharedNs.has(r.service) && r.team === UNALLOCATED);
  const direct = new Map<string, number>();
  for (const r of rows) {
    if (isShared(r) || r.team === IDLE || r.team === UNALLOCATED) continue;
    direct.set(r.team, (direct.get(r.team) ?? 0) + r.amount);
  }
  const teams = [...direct.keys()].filter(t => direct.get(t)! > 0).sort();
  if (teams.length === 0) return rows;
  const weight = (t: string) =>
    share.rule === 'even' ? 1 : (direct.get(t) as number);
  const total = teams.reduce((a, t) => a + weight(t), 0);
  const out: AllocationRow[] = [];
  const shared = new Map<string, number>();
  for (const r of rows) {
    if (!isShared(r)) {
      out.push(r);
      continue;
    }
    const service =
      r.service === IDLE
        ? SHARED_IDLE
        : `${SHARED_NAMESPACE_PREFIX}${r.service.slice('namespace/'.length)}`;
    let given = 0;
    teams.forEach((t, i) => {
      const part =
        i === teams.length - 1
          ? r.amount - given
          : Math.floor((r.amount * weight(t)) / total);
      given += part;
      const k = `${service}\u0000${t}`;
      shared.set(k, (shared.get(k) ?? 0) + part);
    });
  }
  for (const [k, amount] of shared) {
    const [service, team] = k.split('\u0000');
    if (amount !== 0) out.push({ service, team, amount });
  }
  return out;
}

/** Allocates one hour of a whole cluster at once. @public */
export function allocateHour(
  objects: { nodes: KubeObject[]; pods: KubeObject[] },
  options: CostAllocationOptions,
): HourAllocation {
  const allocator = new CostAllocator(options);
  allocator.addNodes(objects.nodes);
  allocator.addPods(objects.pods);
  return allocator.finish();
}
