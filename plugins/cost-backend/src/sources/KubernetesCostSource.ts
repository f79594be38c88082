import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { DemoClusterModel, DemoService } from '@internal/demo-cluster';
import {
  CostAllocator,
  HourAllocation,
  KUBERNETES_ID_LABEL,
} from '@internal/plugin-cost-common';
import {
  ClusterReader,
  createCredentialProvider,
  NodeMixSettings,
} from '@internal/plugin-node-mix-backend';
import { KubeObject } from '@internal/plugin-node-mix-common';
import { CostStore, KubernetesHour } from '../database/CostStore';

const HOUR_MS = 3_600_000;
const POD_FIELD_SELECTOR = 'status.phase!=Succeeded,status.phase!=Failed';

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
 * Kubernetes compute cost: every sample reads a cluster's nodes and pods
 * (the node-mix reader and price table), allocates the current hour and
 * replaces that hour, so days accumulate for real while the portal runs. A
 * demo cluster without history gets its last days backfilled from the demo
 * cluster's model, marked as demo.
 */
export class KubernetesCostSource {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      clusters: ClusterDetails[];
      credentials: ReturnType<typeof createCredentialProvider>;
      nodeMix: NodeMixSettings;
      store: CostStore;
      logger: LoggerService;
      backfillDays: number;
      hourlyRetentionDays: number;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  get configured(): boolean {
    return this.options.clusters.length > 0;
  }

  get clusterNames(): string[] {
    return this.options.clusters.map(c => c.name);
  }

  private allocator(owners: Map<string, string>): CostAllocator {
    const { nodeMix } = this.options;
    return new CostAllocator({
      priceTable: nodeMix.priceTable,
      spot: nodeMix.spot,
      defaultRegion: nodeMix.defaultRegion,
      teamOf: s => owners.get(s),
    });
  }

  /** Samples every cluster; one failing cluster does not stop the others. */
  async sampleAll(
    owners: Map<string, string>,
  ): Promise<KubernetesSampleResult[]> {
    const results = await Promise.all(
      this.options.clusters.map(c => this.sample(c, owners)),
    );
    await this.options.store.deleteKubernetesHoursBefore(
      hourKey(this.now() - this.options.hourlyRetentionDays * 24 * HOUR_MS),
    );
    return results;
  }

  private async sample(
    cluster: ClusterDetails,
    owners: Map<string, string>,
  ): Promise<KubernetesSampleResult> {
    const { store, logger, nodeMix } = this.options;
    const hour = hourKey(this.now());
    try {
      const reader = new ClusterReader({
        cluster,
        credential: await this.options.credentials.getCredential(cluster),
        timeoutMs: nodeMix.requestTimeoutMs,
        pageSize: nodeMix.pageSize,
      });
      const version = await reader.version();
      const demo = /-demo\b/.test(version.gitVersion ?? '');
      const allocator = this.allocator(owners);
      const services = new Map<string, string>();
      let nodeCount = 0;
      let podCount = 0;
      await reader.list('/api/v1/nodes', items => {
        nodeCount += items.length;
        allocator.addNodes(items);
      });
      await reader.list(
        '/api/v1/pods',
        items => {
          podCount += items.length;
          for (const p of items) {
            const id = p.metadata?.labels?.[KUBERNETES_ID_LABEL];
            if (id && !services.has(id))
              services.set(id, p.metadata?.namespace ?? 'default');
          }
          allocator.addPods(items);
        },
        { fieldSelector: POD_FIELD_SELECTOR },
      );
      const allocation = allocator.finish();

      let backfilledHours = 0;
      if (
        demo &&
        this.options.backfillDays > 0 &&
        !(await store.hasKubernetesHours(cluster.name))
      ) {
        backfilledHours = await this.backfill(cluster.name, owners, {
          nodes: nodeCount,
          pods: podCount,
          services: [...services].map(([kubernetesId, namespace]) => ({
            kubernetesId,
            namespace,
          })),
        });
      }
      await store.writeKubernetesHours(cluster.name, [
        { hour, rows: allocation.rows, demo: false },
      ]);
      await store.replaceWhatIf(
        cluster.name,
        allocation.whatIf.map(w => ({
          cluster: cluster.name,
          team: w.team,
          scenario: w.scenario,
          savingsPerHour: w.savings,
          hour,
        })),
      );
      return {
        cluster: cluster.name,
        ok: true,
        demo,
        backfilledHours,
        allocation,
      };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      logger.warn(`Cost sample of cluster '${cluster.name}' failed: ${error}`);
      return {
        cluster: cluster.name,
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
        const a = this.allocator(owners);
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
