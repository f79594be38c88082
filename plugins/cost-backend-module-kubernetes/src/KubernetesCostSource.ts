import { LoggerService } from '@backstage/backend-plugin-api';
import { CostSourceStatus } from '@internal/plugin-cost-common';
import {
  ClusterCostInput,
  CostInputNode,
} from '@internal/plugin-node-mix-common';
import { NodeMixClient } from '@internal/plugin-node-mix-node';
import {
  CostAllocator,
  CostDemoBackfill,
  CostImportContext,
  CostImportResult,
  CostSink,
  CostSource,
  CostSourceReport,
  HourAllocation,
  ShareOptions,
} from '@internal/plugin-cost-node';

const HOUR_MS = 3_600_000;

/** `YYYY-MM-DDTHH` of a time. */
export function hourKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}

/** How one cluster's sample went. */
export interface KubernetesSampleResult {
  cluster: string;
  ok: boolean;
  error?: string;
  demo: boolean;
  backfilledHours: number;
  /** The days written (the current hour's, and a backfill's). */
  days: string[];
  allocation?: HourAllocation;
}

/** How many nodes of a cluster were priced from each source. */
function priceSourcesOf(
  cluster: string,
  nodes: CostInputNode[],
): NonNullable<CostSourceStatus['prices']> {
  const uses = new Map<string, NonNullable<CostSourceStatus['prices']>[0]>();
  for (const n of nodes) {
    if (!n.priceBasis) continue;
    const key = `${n.capacityType}|${n.priceBasis.label}`;
    const use = uses.get(key);
    if (use) use.nodes++;
    else
      uses.set(key, {
        cluster,
        capacityType: n.capacityType,
        nodes: 1,
        basis: n.priceBasis,
      });
  }
  return [...uses.values()].sort((a, b) => b.nodes - a.nodes);
}

/**
 * Kubernetes compute cost: every sample takes node-mix's latest read of each
 * cluster (priced nodes and pod requests, through node-mix-node, so the Cost
 * and Clusters pages count the same nodes at the same prices), allocates
 * the current hour and replaces that hour, so days accumulate for real
 * while the portal runs. A demo cluster without history gets its last days
 * backfilled by the demo backfill module (when added), marked as demo.
 */
export class KubernetesCostSource implements CostSource {
  readonly id = 'kubernetes';
  private readonly now: () => number;

  constructor(
    private readonly options: {
      nodeMix: NodeMixClient;
      /** Fills a demo cluster's past days; only a module provides it. */
      demoBackfill?: CostDemoBackfill;
      logger: LoggerService;
      /** Minutes between samples; each sample replaces the current hour. */
      sampleIntervalMinutes: number;
      backfillDays: number;
      hourlyRetentionDays: number;
      /** Idle and shared-namespace cost spread over teams; default none. */
      share?: ShareOptions;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  get intervalMinutes(): number {
    return this.options.sampleIntervalMinutes;
  }

  /** The clusters of the latest sample (the clusters node-mix reads). */
  private clusters: string[] = [];

  /** Where each cluster's node prices came from in its latest sample. */
  private readonly prices = new Map<
    string,
    NonNullable<CostSourceStatus['prices']>
  >();

  /**
   * The clusters of this replica's latest sample, and where their node
   * prices came from.
   */
  report(): CostSourceReport {
    return {
      detail: `Clusters ${this.clusters.join(', ')}, sampled every ${
        this.options.sampleIntervalMinutes
      } min with the node-mix price table`,
      prices: this.clusters.flatMap(c => this.prices.get(c) ?? []),
    };
  }

  /**
   * Samples every cluster with the catalog's owners; one failing cluster
   * does not stop the others, and is reported as the import's error.
   */
  async import(context: CostImportContext): Promise<CostImportResult> {
    const results = await this.sampleAll(
      await context.serviceOwners(),
      context.sink,
    );
    let rows = 0;
    let unpriced: Record<string, number> | undefined;
    const days = new Set<string>();
    for (const r of results) {
      if (r.allocation) {
        rows += r.allocation.rows.length;
        for (const [type, n] of Object.entries(
          r.allocation.unpriced.byInstanceType,
        )) {
          unpriced ??= {};
          unpriced[type] = (unpriced[type] ?? 0) + n;
        }
      }
      for (const d of r.days) days.add(d);
    }
    const failed = results.filter(r => !r.ok);
    return {
      days: [...days].sort(),
      rows,
      unpriced,
      error:
        failed.length > 0
          ? failed.map(f => `${f.cluster}: ${f.error}`).join('; ')
          : undefined,
    };
  }

  private allocator(
    owners: Map<string, string>,
    pricing: ClusterCostInput['pricing'],
  ): CostAllocator {
    return new CostAllocator({
      priceTable: pricing.priceTable,
      spot: pricing.spot,
      defaultRegion: pricing.defaultRegion,
      teamOf: s => owners.get(s),
      share: this.options.share,
    });
  }

  /** Samples every cluster; one failing cluster does not stop the others. */
  async sampleAll(
    owners: Map<string, string>,
    store: CostSink,
  ): Promise<KubernetesSampleResult[]> {
    this.clusters = (await this.options.nodeMix.listClusters()).map(
      c => c.name,
    );
    const results = await Promise.all(
      this.clusters.map(c => this.sample(c, owners, store)),
    );
    await store.deleteKubernetesHoursBefore(
      hourKey(this.now() - this.options.hourlyRetentionDays * 24 * HOUR_MS),
    );
    return results;
  }

  private async sample(
    cluster: string,
    owners: Map<string, string>,
    store: CostSink,
  ): Promise<KubernetesSampleResult> {
    const { logger } = this.options;
    const hour = hourKey(this.now());
    try {
      const input = await this.options.nodeMix.getCostInput(cluster);
      const demo = input.demo;
      const allocator = this.allocator(owners, input.pricing);
      const services = new Map<string, string>();
      for (const node of input.nodes) allocator.addNode(node);
      for (const pod of input.pods) {
        if (pod.kubernetesId && !services.has(pod.kubernetesId))
          services.set(pod.kubernetesId, pod.namespace);
        allocator.addPodRequests(pod);
      }
      const allocation = allocator.finish();
      this.prices.set(cluster, priceSourcesOf(cluster, input.nodes));
      const nodeCount = input.nodes.length;
      const podCount = input.pods.length;

      let backfilledHours = 0;
      const days = new Set<string>();
      if (
        demo &&
        this.options.demoBackfill &&
        this.options.backfillDays > 0 &&
        !(await store.hasKubernetesHours(cluster))
      ) {
        const backfilled = await this.backfill(
          store,
          this.options.demoBackfill,
          cluster,
          owners,
          input.pricing,
          {
            nodes: nodeCount,
            pods: podCount,
            services: [...services].map(([kubernetesId, namespace]) => ({
              kubernetesId,
              namespace,
            })),
          },
        );
        backfilledHours = backfilled.hours;
        for (const d of backfilled.days) days.add(d);
      }
      const written = await store.writeKubernetesHours(cluster, [
        { hour, rows: allocation.rows, demo: false },
      ]);
      for (const d of written.days) days.add(d);
      await store.replaceWhatIf(
        cluster,
        allocation.whatIf.map(w => ({
          cluster,
          team: w.team,
          scenario: w.scenario,
          savingsPerHour: w.savings,
          hour,
        })),
      );
      return {
        cluster,
        ok: true,
        demo,
        backfilledHours,
        days: [...days],
        allocation,
      };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      logger.warn(`Cost sample of cluster '${cluster}' failed: ${error}`);
      return {
        cluster,
        ok: false,
        error,
        demo: false,
        backfilledHours: 0,
        days: [],
      };
    }
  }

  /**
   * Has the demo backfill module replay the last `backfillDays` (up to the
   * current hour, exclusive) and stores each hour's allocation as demo data.
   */
  private async backfill(
    store: CostSink,
    demoBackfill: CostDemoBackfill,
    cluster: string,
    owners: Map<string, string>,
    pricing: ClusterCostInput['pricing'],
    shape: {
      nodes: number;
      pods: number;
      services: Array<{ kubernetesId: string; namespace: string }>;
    },
  ): Promise<{ hours: number; days: string[] }> {
    const end = Math.floor(this.now() / HOUR_MS) * HOUR_MS;
    const hours = (
      await demoBackfill.hours({
        cluster,
        start: end - this.options.backfillDays * 24 * HOUR_MS,
        end,
        ...shape,
        allocate: objects => {
          const a = this.allocator(owners, pricing);
          a.addNodes(objects.nodes);
          a.addPods(objects.pods);
          return a.finish();
        },
      })
    ).map(h => ({ hour: h.hour, rows: h.rows, demo: true }));
    const written = await store.writeKubernetesHours(cluster, hours);
    this.options.logger.info(
      `Backfilled ${hours.length} hours of demo cost for cluster '${cluster}' from the demo cluster model`,
    );
    return { hours: hours.length, days: written.days };
  }
}
