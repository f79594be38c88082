import { GroupStat, NodeRow } from '@internal/plugin-node-mix-common';
import { HOURS_PER_MONTH } from '@internal/pricing';

/** An empty sum of nodes. */
export function newGroup(key: string): GroupStat {
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
export function addToGroup(g: GroupStat, row: NodeRow) {
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

/** The sum for `key`, created on first use. */
export function groupOf(map: Map<string, GroupStat>, key: string): GroupStat {
  let g = map.get(key);
  if (!g) {
    g = newGroup(key);
    map.set(key, g);
  }
  return g;
}

/** Biggest first, then by key. */
export function sortGroups(m: Map<string, GroupStat>): GroupStat[] {
  return [...m.values()].sort(
    (a, b) => b.nodes - a.nodes || a.key.localeCompare(b.key),
  );
}
