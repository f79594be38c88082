import { NodePoolUsage } from '@internal/plugin-node-mix-common';
import { nodePoolHeadroom } from './nodePoolHeadroom';

const GiB = 1024 ** 3;
const pool = (over: Partial<NodePoolUsage>): NodePoolUsage => ({
  name: 'x86',
  nodes: 12,
  cpuUsed: 85,
  cpuLimit: 100,
  memoryUsed: 100 * GiB,
  memoryLimit: 400 * GiB,
  limitUsage: 0.85,
  blockingBudgets: [],
  ...over,
});

describe('nodePoolHeadroom', () => {
  it('warns at 85% of the CPU limit, naming the pool, the numbers and what to change', () => {
    expect(nodePoolHeadroom(pool({}))).toBe(
      'NodePool x86 is at 85% of its cpu limit (85 of 100 vCPU): Karpenter stops launching nodes for it at 100%. Raise spec.limits.cpu before pods go Pending.',
    );
  });

  it('names memory when memory is the tighter limit, and says when a pool is full', () => {
    expect(
      nodePoolHeadroom(pool({ cpuUsed: 10, memoryUsed: 400 * GiB })),
    ).toMatch(
      /^NodePool x86 is at its memory limit \(400 GiB of 400 GiB\): Karpenter launches no more nodes/,
    );
  });

  it('says nothing with room left or without limits', () => {
    expect(nodePoolHeadroom(pool({ cpuUsed: 79 }))).toBeUndefined();
    expect(
      nodePoolHeadroom(pool({ cpuLimit: null, memoryLimit: null })),
    ).toBeUndefined();
  });
});
