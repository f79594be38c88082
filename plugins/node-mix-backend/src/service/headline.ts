import {
  ClusterHeadline,
  ClusterSummary,
  HistoryPoint,
} from '@internal/plugin-node-mix-common';

/** What the cluster list shows of a cluster's summary. */
export function headlineOf(summary: ClusterSummary): ClusterHeadline {
  const { candidates, ...consolidation } = summary.consolidation;
  const issues = { drifted: 0, expiring: 0, disrupted: 0 };
  for (const i of summary.nodeClaims.issues) {
    issues[i.kind]++;
  }
  const best = [...summary.whatIf.scenarios].sort(
    (a, b) => b.savingsPerHour - a.savingsPerHour,
  )[0];
  return {
    totals: summary.totals,
    pods: summary.pods,
    gravitonShare: summary.gravitonShare,
    spotShare: summary.spotShare,
    byArch: summary.mix.arch,
    byCapacityType: summary.mix.capacityType,
    consolidation,
    nodeClaimIssues: issues,
    bestSavings: best,
    warnings: summary.warnings.length,
  };
}

/** What the history charts keep of a cluster's summary. */
export function historyPointOf(summary: ClusterSummary): HistoryPoint {
  const t = summary.totals;
  const count = (groups: ClusterSummary['mix']['arch']) =>
    Object.fromEntries(groups.map(g => [g.key, g.nodes]));
  return {
    at: summary.generatedAt,
    nodes: t.nodes,
    vcpu: t.vcpu,
    memoryBytes: t.memoryBytes,
    pods: summary.pods,
    costPerHour: t.costPerHour,
    costIsLowerBound: t.costIsLowerBound,
    gravitonNodeShare: summary.gravitonShare.nodes,
    spotNodeShare: summary.spotShare.nodes,
    cpuRequestedShare: t.cpuAllocatable ? t.cpuRequested / t.cpuAllocatable : 0,
    byArch: count(summary.mix.arch),
    byCapacityType: count(summary.mix.capacityType),
  };
}
