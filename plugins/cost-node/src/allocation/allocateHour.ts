import { KubeObject } from '@internal/plugin-node-mix-common';
import { CostAllocator } from './CostAllocator';
import { CostAllocationOptions, HourAllocation } from './types';

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
