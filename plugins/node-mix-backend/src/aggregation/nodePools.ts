import {
  KubeObject,
  LABELS,
  NodePoolUsage,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { ZeroBudget } from './consolidation';
import { readQuantity } from './nodes';
import { Warnings } from './Warnings';

/**
 * Each NodePool's nodes, resources against its limits (status.resources, or
 * the sum of its nodes when Karpenter has not reported them), disruption
 * settings and the budgets blocking disruption now.
 */
export function nodePoolUsageOf(
  nodePools: KubeObject[],
  rows: NodeRow[],
  budgetBlocks: Map<string, ZeroBudget[]>,
  warnings: Warnings,
): NodePoolUsage[] {
  return nodePools.map(pool => {
    const name = pool.metadata!.name!;
    const inPool = rows.filter(r => r.labels[LABELS.nodePool] === name);
    const where = `NodePool ${name}`;
    const problems: Array<[string, string]> = [];
    const quantity = (value: unknown, what: string) => {
      const v = readQuantity(value, what, where, problems);
      for (const [kind, example] of problems.splice(0)) {
        warnings.add(kind, example);
      }
      return v;
    };
    const resources = pool.status?.resources;
    const cpuUsed =
      resources?.cpu !== undefined
        ? quantity(resources.cpu, 'NodePool resources')
        : inPool.reduce((s, r) => s + r.vcpu, 0);
    const memoryUsed =
      resources?.memory !== undefined
        ? quantity(resources.memory, 'NodePool resources')
        : inPool.reduce((s, r) => s + r.memoryBytes, 0);
    const limits = pool.spec?.limits ?? {};
    const cpuLimit =
      limits.cpu !== undefined ? quantity(limits.cpu, 'NodePool limit') : null;
    const memoryLimit =
      limits.memory !== undefined
        ? quantity(limits.memory, 'NodePool limit')
        : null;
    const usages = [
      cpuLimit ? cpuUsed / cpuLimit : undefined,
      memoryLimit ? memoryUsed / memoryLimit : undefined,
    ].filter((u): u is number => u !== undefined);
    return {
      name,
      nodes: inPool.length,
      cpuUsed,
      cpuLimit,
      memoryUsed,
      memoryLimit,
      limitUsage: usages.length ? Math.max(...usages) : null,
      consolidationPolicy: pool.spec?.disruption?.consolidationPolicy,
      consolidateAfter: pool.spec?.disruption?.consolidateAfter,
      blockingBudgets: (budgetBlocks.get(name) ?? []).map(b => b.text),
      weight: pool.spec?.weight,
    };
  });
}
