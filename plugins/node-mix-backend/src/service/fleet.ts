import {
  ClusterStatus,
  ClusterSummary,
  Fleet,
  FleetCluster,
  FleetMixGroup,
  FleetWarning,
  GroupStat,
} from '@internal/plugin-node-mix-common';

/** What the fleet is built from ({@link NodeMixReader}). */
export interface FleetSource {
  listClusters(): ClusterStatus[];
  getSummaryJson(name: string): string | undefined;
}

/** A NodePool this full is a warning: the next scale-up may not fit. */
const NODEPOOL_LIMIT_WARNING = 0.9;

/** The warnings on-call should see for one cluster's last read. */
export function summaryWarnings(summary: ClusterSummary): FleetWarning[] {
  const cluster = summary.cluster;
  const out: FleetWarning[] = [];
  const unschedulable = summary.pendingPods?.unschedulable ?? 0;
  if (unschedulable > 0) {
    out.push({
      cluster,
      kind: 'unschedulable',
      message: `${unschedulable} pod${
        unschedulable === 1 ? '' : 's'
      } the scheduler cannot place`,
    });
  }
  for (const pool of summary.nodePools) {
    if (pool.limitUsage !== null && pool.limitUsage >= NODEPOOL_LIMIT_WARNING) {
      out.push({
        cluster,
        kind: 'nodepool-limit',
        message: `NodePool '${pool.name}' is at ${Math.round(
          pool.limitUsage * 100,
        )} % of its limits`,
      });
    }
  }
  for (const nc of summary.nodeClasses) {
    if (nc.ready === false) {
      out.push({
        cluster,
        kind: 'nodeclass',
        message: `EC2NodeClass '${nc.name}' is not Ready${
          nc.message ? `: ${nc.message}` : ''
        }`,
      });
    }
  }
  const claims = { drifted: 0, expiring: 0 };
  for (const issue of summary.nodeClaims.issues) {
    if (issue.kind === 'drifted' || issue.kind === 'expiring') {
      claims[issue.kind]++;
    }
  }
  if (claims.drifted + claims.expiring > 0) {
    out.push({
      cluster,
      kind: 'nodeclaims',
      message: [
        claims.drifted ? `${claims.drifted} NodeClaims drifted` : '',
        claims.expiring ? `${claims.expiring} NodeClaims expiring soon` : '',
      ]
        .filter(Boolean)
        .join(', '),
    });
  }
  for (const message of summary.warnings) {
    out.push({ cluster, kind: 'data', message });
  }
  return out;
}

function addGroups(into: Map<string, FleetMixGroup>, groups: GroupStat[]) {
  for (const g of groups) {
    const sum = into.get(g.key) ?? {
      key: g.key,
      nodes: 0,
      vcpu: 0,
      costPerHour: 0,
    };
    sum.nodes += g.nodes;
    sum.vcpu += g.vcpu;
    sum.costPerHour += g.costPerHour;
    into.set(g.key, sum);
  }
}

const byNodesDesc = (a: FleetMixGroup, b: FleetMixGroup) =>
  b.nodes - a.nodes || a.key.localeCompare(b.key);

/**
 * Builds the fleet from every cluster's status and last read. Each cluster
 * stands alone: one that fails adds an `unreachable` warning to its own row
 * and keeps its last good numbers; the others are untouched. Warnings are
 * derived once per read (cached by the stored summary string).
 */
export class FleetBuilder {
  private readonly cache = new Map<
    string,
    { summaryJson: string; warnings: FleetWarning[] }
  >();

  constructor(
    private readonly source: FleetSource,
    private readonly problems: () => string[] = () => [],
    private readonly now: () => number = Date.now,
  ) {}

  private warningsOf(name: string): FleetWarning[] {
    const summaryJson = this.source.getSummaryJson(name);
    if (!summaryJson) {
      this.cache.delete(name);
      return [];
    }
    const cached = this.cache.get(name);
    if (cached?.summaryJson === summaryJson) {
      return cached.warnings;
    }
    const warnings = summaryWarnings(JSON.parse(summaryJson));
    this.cache.set(name, { summaryJson, warnings });
    return warnings;
  }

  build(): Fleet {
    const statuses = this.source.listClusters();
    for (const name of this.cache.keys()) {
      if (!statuses.some(s => s.name === name)) {
        this.cache.delete(name);
      }
    }
    const byArch = new Map<string, FleetMixGroup>();
    const byCapacityType = new Map<string, FleetMixGroup>();
    const totals: Fleet['totals'] = {
      clusters: statuses.length,
      clustersOk: 0,
      clustersFailing: 0,
      clustersWithoutData: 0,
      nodes: 0,
      pods: 0,
      vcpu: 0,
      memoryBytes: 0,
      costPerHour: 0,
      costIsLowerBound: false,
      warnings: 0,
    };
    const clusters: FleetCluster[] = statuses.map(status => {
      const warnings = [...this.warningsOf(status.name)];
      if (status.state === 'error') {
        warnings.unshift({
          cluster: status.name,
          kind: 'unreachable',
          message: status.error ?? 'The last read failed',
        });
      }
      totals.clustersOk += status.state === 'ok' ? 1 : 0;
      totals.clustersFailing += status.state === 'error' ? 1 : 0;
      totals.warnings += warnings.length;
      const h = status.headline;
      if (!h) {
        totals.clustersWithoutData++;
      } else {
        totals.nodes += h.totals.nodes;
        totals.pods += h.pods;
        totals.vcpu += h.totals.vcpu;
        totals.memoryBytes += h.totals.memoryBytes;
        totals.costPerHour += h.totals.costPerHour;
        totals.costIsLowerBound ||= h.totals.costIsLowerBound;
        addGroups(byArch, h.byArch);
        addGroups(byCapacityType, h.byCapacityType);
      }
      return { ...status, warnings };
    });
    return {
      generatedAt: new Date(this.now()).toISOString(),
      totals,
      byArch: [...byArch.values()].sort(byNodesDesc),
      byCapacityType: [...byCapacityType.values()].sort(byNodesDesc),
      clusters,
      problems: this.problems(),
    };
  }
}
