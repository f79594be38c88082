import {
  ClusterSummary,
  GroupStat,
  MixDimension,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { HOURS_PER_MONTH } from '@internal/pricing';

function newGroup(key: string): GroupStat {
  return {
    key,
    nodes: 0,
    vcpu: 0,
    memoryBytes: 0,
    cpuAllocatable: 0,
    memoryAllocatable: 0,
    cpuRequested: 0,
    memoryRequested: 0,
    costPerHour: 0,
    costPerMonth: 0,
    costIsLowerBound: false,
    unpricedNodes: 0,
  };
}

/** Adds a node to a sum; an unpriced node makes its cost a lower bound. */
function addToGroup(g: GroupStat, row: NodeRow) {
  g.nodes++;
  g.vcpu += row.vcpu;
  g.memoryBytes += row.memoryBytes;
  g.cpuAllocatable += row.cpuAllocatable;
  g.memoryAllocatable += row.memoryAllocatable;
  g.cpuRequested += row.cpuRequested;
  g.memoryRequested += row.memoryRequested;
  if (row.pricePerHour === null) {
    g.unpricedNodes++;
    g.costIsLowerBound = true;
  } else {
    g.costPerHour += row.pricePerHour;
  }
  g.costPerMonth = g.costPerHour * HOURS_PER_MONTH;
}

function groupOf(map: Map<string, GroupStat>, key: string): GroupStat {
  let g = map.get(key);
  if (!g) {
    g = newGroup(key);
    map.set(key, g);
  }
  return g;
}

/** Biggest first, then by key. */
function sortGroups(m: Map<string, GroupStat>): GroupStat[] {
  return [...m.values()].sort(
    (a, b) => b.nodes - a.nodes || a.key.localeCompare(b.key),
  );
}

/** Sums nodes into the cluster's totals, its mix by dimension, and its Graviton and spot shares. */
export class MixRollup {
  readonly totals = newGroup('total');
  private readonly dims: Record<MixDimension, Map<string, GroupStat>> = {
    arch: new Map(),
    capacityType: new Map(),
    family: new Map(),
    instanceType: new Map(),
    nodePool: new Map(),
    zone: new Map(),
  };
  private readonly graviton = { nodes: 0, vcpu: 0, cost: 0 };
  private readonly spot = { nodes: 0, vcpu: 0, cost: 0 };

  add(row: NodeRow): void {
    addToGroup(this.totals, row);
    addToGroup(groupOf(this.dims.arch, row.arch), row);
    addToGroup(groupOf(this.dims.capacityType, row.capacityType), row);
    addToGroup(groupOf(this.dims.family, row.family), row);
    addToGroup(groupOf(this.dims.instanceType, row.instanceType), row);
    addToGroup(groupOf(this.dims.nodePool, row.nodePool), row);
    addToGroup(groupOf(this.dims.zone, row.zone), row);
    if (row.arch === 'arm64') {
      this.graviton.nodes++;
      this.graviton.vcpu += row.vcpu;
      this.graviton.cost += row.pricePerHour ?? 0;
    }
    if (row.capacityType === 'spot') {
      this.spot.nodes++;
      this.spot.vcpu += row.vcpu;
      this.spot.cost += row.pricePerHour ?? 0;
    }
  }

  /** Each dimension's groups, biggest first. */
  mix(): ClusterSummary['mix'] {
    return {
      arch: sortGroups(this.dims.arch),
      capacityType: sortGroups(this.dims.capacityType),
      family: sortGroups(this.dims.family),
      instanceType: sortGroups(this.dims.instanceType),
      nodePool: sortGroups(this.dims.nodePool),
      zone: sortGroups(this.dims.zone),
    };
  }

  /** Share of nodes, vCPU and priced cost on Graviton (arm64). */
  gravitonShare(): ClusterSummary['gravitonShare'] {
    return this.shareOf(this.graviton);
  }

  /** Share of nodes, vCPU and priced cost on spot. */
  spotShare(): ClusterSummary['spotShare'] {
    return this.shareOf(this.spot);
  }

  private shareOf(part: { nodes: number; vcpu: number; cost: number }) {
    const { totals } = this;
    const pricedTotal = totals.costPerHour;
    return {
      nodes: totals.nodes ? part.nodes / totals.nodes : 0,
      vcpu: totals.vcpu ? part.vcpu / totals.vcpu : 0,
      cost: pricedTotal ? part.cost / pricedTotal : 0,
    };
  }
}
