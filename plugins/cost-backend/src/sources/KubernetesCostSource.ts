import { LoggerService } from '@backstage/backend-plugin-api';
import { DemoClusterModel, DemoService } from '@internal/demo-cluster';
import { CostAllocator, HourAllocation } from '@internal/plugin-cost-common';
import { ClusterCostInput, KubeObject } from '@internal/plugin-node-mix-common';
import { NodeMixClient } from '@internal/plugin-node-mix-node';
import { CostStore, KubernetesHour } from '../database/CostStore';

const HOUR_MS = 3_600_000;

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

/**
 * Kubernetes compute cost: every sample takes node-mix's latest read of each
 * cluster (priced nodes and pod requests, through node-mix-node, so the Cost
 * and Clusters pages count the same nodes at the same prices), allocates
 * the current hour and replaces that hour, so days accumulate for real
 * while the portal runs. A demo cluster without history gets its last days
 * backfilled from the demo cluster's model, marked as demo.
 */
export class KubernetesCostSource {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      nodeMix: NodeMixClient;
      store: CostStore;
      logger: LoggerService;
      backfillDays: number;
      hourlyRetentionDays: number;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The clusters of the latest sample (the clusters node-mix reads). */
  private clusters: string[] = [];

  get configured(): boolean {
    return true;
  }

  get clusterNames(): string[] {
    return this.clusters;
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
      const nodeCount = input.nodes.length;
      const podCount = input.pods.length;

      let backfilledHours = 0;
      if (
        demo &&
        this.options.backfillDays > 0 &&
        !(await store.hasKubernetesHours(cluster))
      ) {
        backfilledHours = await this.backfill(cluster, owners, input.pricing, {
          nodes: nodeCount,
          pods: podCount,
          services: [...services].map(([kubernetesId, namespace]) => ({
            kubernetesId,
            namespace,
          })),
        });
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
   * Replays the demo cluster's model hour by hour over the last
   * `backfillDays` (up to the current hour, exclusive) and stores each
   * hour's allocation as demo data.
   */
  async backfill(
    cluster: string,
    owners: Map<string, string>,
    pricing: ClusterCostInput['pricing'],
    shape: { nodes: number; pods: number; services: DemoService[] },
  ): Promise<number> {
    const end = Math.floor(this.now() / HOUR_MS) * HOUR_MS;
    const hours = generateDemoHours({
      cluster,
      start: end - this.options.backfillDays * 24 * HOUR_MS,
      end,
      nodes: Math.max(1, shape.nodes),
      pods: Math.max(1, shape.pods),
      services: shape.services,
      allocate: objects => {
        const a = this.allocator(owners, pricing);
        a.addNodes(objects.nodes);
        a.addPods(objects.pods);
        return a.finish();
      },
    });
    await this.options.store.writeKubernetesHours(cluster, hours);
    this.options.logger.info(
      `Backfilled ${hours.length} hours of demo cost for cluster '${cluster}' from the demo cluster model`,
    );
    return hours.length;
  }
}

/**
 * Runs the demo cluster model from `start` to `end`, one churn step per
 * hour, and allocates every hour.
 */
export function generateDemoHours(options: {
  cluster: string;
  start: number;
  end: number;
  nodes: number;
  pods: number;
  services: DemoService[];
  seed?: number;
  allocate(objects: {
    nodes: KubeObject[];
    pods: KubeObject[];
  }): HourAllocation;
  onHour?(hour: string, allocation: HourAllocation): void;
}): KubernetesHour[] {
  let clock = options.start;
  const model = new DemoClusterModel({
    name: options.cluster,
    nodes: options.nodes,
    pods: options.pods,
    seed: options.seed ?? 20261127,
    services: options.services,
    now: () => clock,
  });
  const hours: KubernetesHour[] = [];
  for (; clock < options.end; clock += HOUR_MS) {
    if (clock > options.start) {
      model.churn();
    }
    const state = model.current();
    const allocation = options.allocate({
      nodes: state.collections.get('core/nodes') as KubeObject[],
      pods: state.collections.get('core/pods') as KubeObject[],
    });
    const hour = hourKey(clock);
    options.onHour?.(hour, allocation);
    hours.push({ hour, rows: allocation.rows, demo: true });
  }
  return hours;
}
