import { Micros } from '@internal/pricing';
import { ResourceWeights } from '@internal/plugin-cost-common';

/** A node's capacity and its pods' requests, with each pod's row index. */
export interface NodePods {
  cpu: number;
  memory: number;
  podCpu: number[];
  podMem: number[];
  podKey: number[];
}

/**
 * Splits `amount` of a node between its pods the way OpenCost does: into a
 * CPU and a memory pool by `weights`, then each pool by the pod's share of
 * the node's capacity (`into[key] += share` for every pod). Returns the idle
 * rest; the shares and the rest add up to exactly `amount`.
 */
export function splitNodeCost(
  node: NodePods,
  amount: Micros,
  into: Float64Array,
  sums: { cpu: number; mem: number },
  weights: ResourceWeights,
): Micros {
  const gib = node.memory / 2 ** 30;
  const cpuWeight = node.cpu * weights.cpuPerCoreHour;
  const ramWeight = gib * weights.ramPerGiBHour;
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
