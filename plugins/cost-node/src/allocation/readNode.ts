import { resolvePrice } from '@internal/pricing';
import {
  CostInputNode,
  KubeObject,
  LABELS,
  parseResourceQuantity,
} from '@internal/plugin-node-mix-common';
import { CostAllocationOptions } from './types';

/**
 * Reads a Kubernetes node the way node-mix does (Karpenter and EKS labels,
 * capacity, region from the zone) and prices it from the price table.
 * Returns undefined for a node without a name; counts unreadable data with
 * `warn`.
 */
export function readNode(
  node: KubeObject,
  options: Pick<CostAllocationOptions, 'priceTable' | 'spot' | 'defaultRegion'>,
  warn: (kind: string) => void,
): CostInputNode | undefined {
  const name = node.metadata?.name;
  if (!name) {
    warn('node without a name');
    return undefined;
  }
  const labels = node.metadata?.labels ?? {};
  const instanceType =
    labels[LABELS.instanceType] ?? labels[LABELS.instanceTypeBeta] ?? 'unknown';
  const eks = labels[LABELS.eksCapacityType];
  const capacityType =
    labels[LABELS.capacityType] ?? (eks === 'SPOT' ? 'spot' : 'on-demand');
  const zone = labels[LABELS.zone];
  const region =
    labels[LABELS.region] ??
    (zone ? zone.replace(/[a-z]$/, '') : options.defaultRegion ?? 'us-east-1');
  const capacity = node.status?.capacity ?? {};
  const cpu = parseResourceQuantity(capacity.cpu);
  const memory = parseResourceQuantity(capacity.memory);
  if (!cpu.ok || !memory.ok) {
    warn('unreadable node capacity');
  }
  const price = resolvePrice(
    options.priceTable,
    options.spot,
    region,
    instanceType,
    capacityType,
  );
  return {
    name,
    instanceType,
    arch:
      labels[LABELS.arch] ?? node.status?.nodeInfo?.architecture ?? 'unknown',
    capacityType,
    region,
    cpu: cpu.ok ? cpu.value : 0,
    memory: memory.ok ? memory.value : 0,
    pricePerHour: price.perHour,
  };
}
