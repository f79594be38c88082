import { Micros, unitsToMicros } from '@internal/pricing';
import {
  IDLE,
  OPENCOST_DEFAULT_WEIGHTS,
  ResourceWeights,
  WHAT_IF_SCENARIOS,
  WhatIfScenarioId,
} from '@internal/plugin-cost-common';
import {
  CostInputNode,
  CostInputPod,
  KubeObject,
} from '@internal/plugin-node-mix-common';
import { podService, podTeam } from './podOwner';
import { readNode } from './readNode';
import { readPod } from './readPod';
import { shareRows } from './shareRows';
import { NodePods, splitNodeCost } from './splitNodeCost';
import { AllocationRow, CostAllocationOptions, HourAllocation } from './types';
import { nodeWhatIfDeltas, teamWhatIf } from './whatIf';

interface NodeEntry extends NodePods {
  name: string;
  instanceType: string;
  arch: string;
  capacityType: string;
  region: string;
  price: Micros | null;
}

/**
 * Allocates one hour of a cluster's node prices to its pods the way OpenCost
 * does: each node's price is split into a CPU and a memory part; a pod gets
 * the share of each that its requests are of the node's capacity; what no
 * pod requested stays visible as `IDLE`. Amounts are integer micros
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

  /** The index of a service's and team's row. */
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
    for (const item of items) {
      const node = readNode(item, this.options, this.warn);
      if (node) {
        this.addNode(node);
      }
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
    for (const item of items) {
      const pod = readPod(item, this.warn);
      if (pod) {
        this.addPodRequests(pod);
      }
    }
  }

  /** Adds a scheduled pod's requests as node-mix computed them. */
  addPodRequests(pod: CostInputPod): void {
    this.pods++;
    const key = this.key(podService(pod), podTeam(pod, this.options.teamOf));
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
      idle += splitNodeCost(node, node.price, amounts, sums, this.weights);
      for (const { scenario, delta } of nodeWhatIfDeltas(
        node,
        node.price,
        priceTable,
        spot,
      )) {
        idleSavings.set(
          scenario,
          idleSavings.get(scenario)! +
            splitNodeCost(
              node,
              delta,
              savings.get(scenario)!,
              sums,
              this.weights,
            ),
        );
      }
    }

    const rows: AllocationRow[] = [];
    const teamOfRow: string[] = [];
    this.keys.forEach((k, i) => {
      const [service, team] = k.split('\u0000');
      if (amounts[i] !== 0) {
        rows.push({ service, team, amount: amounts[i] });
      }
      teamOfRow.push(team);
    });
    rows.push({ service: IDLE, team: IDLE, amount: idle });
    return {
      rows: this.options.share ? shareRows(rows, this.options.share) : rows,
      nodeBill,
      idle,
      nodes: this.nodes.size,
      pods: this.pods,
      unpriced,
      whatIf: teamWhatIf(teamOfRow, savings, idleSavings),
      warnings: this.warnings,
    };
  }
}
