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
  HourAllocation,
  ShareOptions,
} from '@internal/plugin-cost-node';
import { CostStore } from '../database/CostStore';
import { HOUR_MS } from '../service/days';

/** `YYYY-MM-DDTHH` of a time. */
export function hourKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}

export interface KubernetesSampleResult {
  cluster: string;
  ok: boolean;
  error?: string;
  demo: boolean;
  backfilledHours: number;
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
 * What this process's latest Kubernetes samples saw, for the Sources panel
 * (the reader's view of the source; only the source writes it).
 */
export interface KubernetesSamples {
  /** The clusters of the latest sample (the clusters node-mix reads). */
  readonly clusterNames: string[];
  /** Node price sources of the latest samples (this replica's), per cluster. */
  priceSources(): NonNullable<CostSourceStatus['prices']>;
}

/**
 * Kubernetes compute cost: every sample takes node-mix's latest read of each
 * cluster (priced nodes and pod requests, through node-mix-node, so the Cost
 * and Clusters pages count the same nodes at the same prices), allocates
 * the current hour and replaces that hour, so days accumulate for real
 * while the portal runs. A demo cluster without history gets its last days
 * backfilled by the demo backfill module (when added), marked as demo.
 */
export class KubernetesCostSource implements KubernetesSamples {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      nodeMix: NodeMixClient;
      /** Fills a demo cluster's past days; only a module provides it. */
      demoBackfill?: CostDemoBackfill;
      store: CostStore;
      logger: LoggerService;
      backfillDays: number;
      hourlyRetentionDays: number;
      /** Idle and shared-namespace cost spread over teams; default none. */
      share?: ShareOptions;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The clusters of the latest sample (the clusters node-mix reads). */
  private clusters: string[] = [];

  get clusterNames(): string[] {
    return this.clusters;
  }

  /** Where each cluster's node prices came from in its latest sample. */
  private readonly prices = new Map<
    string,
    NonNullable<CostSourceStatus['prices']>
  >();

  /** Node price sources of the latest samples (this replica's), per cluster. */
  priceSources(): NonNullable<CostSourceStatus['prices']> {
    return this.clusters.flatMap(c => this.prices.get(c) ?? []);
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
  ): Promise<KubernetesSampleResult[]> {
    this.clusters = (await this.options.nodeMix.listClusters()).map(
      c => c.name,
    );
    const results = await Promise.all(
      this.clusters.map(c => this.sample(c, owners)),
    );
    await this.options.store.deleteKubernetesHoursBefore(
      hourKey(this.now() - this.options.hourlyRetentionDays * 24 * HOUR_MS),
    );
    return results;
  }

  private async sample(
    cluster: string,
    owners: Map<string, string>,
  ): Promise<KubernetesSampleResult> {
    const { store, logger } = this.options;
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
      if (
        demo &&
        this.options.demoBackfill &&
        this.options.backfillDays > 0 &&
        !(await store.hasKubernetesHours(cluster))
      ) {
        backfilledHours = await this.backfill(
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
      }
      await store.writeKubernetesHours(cluster, [
        { hour, rows: allocation.rows, demo: false },
      ]);
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
      };
    }
  }

  /**
   * Has the demo backfill module replay the last `backfillDays` (up to the
   * current hour, exclusive) and stores each hour's allocation as demo data.
   */
  private async backfill(
    demoBackfill: CostDemoBackfill,
    cluster: string,
    owners: Map<string, string>,
    pricing: ClusterCostInput['pricing'],
    shape: {
      nodes: number;
      pods: number;
      services: Array<{ kubernetesId: string; namespace: string }>;
    },
  ): Promise<number> {
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
    await this.options.store.writeKubernetesHours(cluster, hours);
    this.options.logger.info(
      `Backfilled ${hours.length} hours of demo cost for cluster '${cluster}' from the demo cluster model`,
    );
    return hours.length;
  }
}
