import { formatBytes, NodePoolUsage } from '@internal/plugin-node-mix-common';

/** From this share of a limit on, a NodePool is reported as running out. */
export const HEADROOM_WARNING_AT = 0.8;

/**
 * What on-call should know about a NodePool close to its `spec.limits`, or
 * undefined. Karpenter launches no node that would take a pool over its limit,
 * so pods that need one stay Pending — the warning has to come before that.
 */
export function nodePoolHeadroom(pool: NodePoolUsage): string | undefined {
  const cpu =
    pool.cpuLimit !== null && pool.cpuLimit > 0
      ? pool.cpuUsed / pool.cpuLimit
      : null;
  const memory =
    pool.memoryLimit !== null && pool.memoryLimit > 0
      ? pool.memoryUsed / pool.memoryLimit
      : null;
  const worst =
    cpu !== null && (memory === null || cpu >= memory) ? 'cpu' : 'memory';
  const share = worst === 'cpu' ? cpu : memory;
  if (share === null || share < HEADROOM_WARNING_AT) return undefined;
  const used =
    worst === 'cpu'
      ? `${pool.cpuUsed} of ${pool.cpuLimit} vCPU`
      : `${formatBytes(pool.memoryUsed)} of ${formatBytes(pool.memoryLimit!)}`;
  const percent = Math.floor(share * 100);
  return share >= 1
    ? `NodePool ${pool.name} is at its ${worst} limit (${used}): Karpenter launches no more nodes for it, so pods that need one stay Pending. Raise spec.limits.${worst} or move workloads to another pool.`
    : `NodePool ${pool.name} is at ${percent}% of its ${worst} limit (${used}): Karpenter stops launching nodes for it at 100%. Raise spec.limits.${worst} before pods go Pending.`;
}
