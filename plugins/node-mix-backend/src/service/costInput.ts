import { CostInputNode, NodeRow } from '@internal/plugin-node-mix-common';

/** The node table's rows as cost allocation reads them. */
export function costInputNodes(
  rows: NodeRow[],
  defaultRegion: string,
): CostInputNode[] {
  return rows.map(r => ({
    name: r.name,
    instanceType: r.instanceType,
    arch: r.arch,
    capacityType: r.capacityType,
    region:
      r.zone && r.zone !== 'unknown'
        ? r.zone.replace(/[a-z]$/, '')
        : defaultRegion,
    cpu: r.vcpu,
    memory: r.memoryBytes,
    pricePerHour: r.pricePerHour,
    ...(r.priceBasis ? { priceBasis: r.priceBasis } : {}),
  }));
}
