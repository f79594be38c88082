import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import {
  ClusterAggregator,
  ClusterCostInput,
  ClusterHeadline,
  ClusterHistory,
  ClusterStatus,
  ClusterSummary,
  CostInputPod,
  costInputPods,
  WorkloadPods,
  HistoryPoint,
  HistoryWindow,
  NodeDetail,
  NodePoolDetail,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { SnapshotStore } from '../database/SnapshotStore';
import {
  ClusterInformer,
  InformerChange,
  InformerStats,
} from './ClusterInformer';
import { ClusterCredentialProvider } from '../clients/credentials';
import { KubernetesClient, ClusterReadError } from '../clients/KubernetesClient';
import { LiveAggregation } from './LiveAggregation';
import { NodeMixSettings } from '../config';
import { costInputNodes } from './costInput';
import { PriceBook } from './PriceBook';
import { readNodeDetail } from './readNodeDetail';
import { LastReadCache, readNodePoolDetail } from './nodePoolDetail';

interface ClusterEntry {
  details: ClusterDetails;
  /** Where the portal found the cluster (config wins on a name clash). */
  source: 'config' | 'catalog';
  demo: boolean;
  kubernetesVersion?: string;
  state: ClusterStatus['state'];
  error?: string;
  lastAttemptAt?: number;
  lastSuccessAt?: number;
  refreshDurationMs?: number;
  headline?: ClusterHeadline;
  summaryJson?: string;
  nodesJson?: string;
  /** nodesJson gzipped once per refresh: 5,000 rows are ~7 MiB of JSON. */
  nodesGzip?: Buffer;
  /** The gzip of the current nodesJson being made (shared by its readers). */
  nodesGzipping?: Promise<Buffer>;
  /** What the cost plugin allocates, from the same read (memory only; pods made when asked). */
  costInput?: Omit<ClusterCostInput, 'demo' | 'pods'> & {
    pods: () => CostInputPod[];
  };
  refreshing?: Promise<void>;
  /** Follows the cluster with watches once it has been listed. */
  informer?: ClusterInformer;
  watchStarting?: boolean;
  /** What a live recompute prices with and says about the cluster. */
  live?: {
    pricing: { table: NodeMixSettings['priceTable']; problems: string[] };
    version: { gitVersion?: string };
    /** Kept up to date by each watch event; finished per recompute. */
    aggregation: LiveAggregation;
  };
  /** The watch cache changed since the last aggregate. */
  dirty?: boolean;
  /** A recompute under way (it may yield while it builds the aggregator). */
  updating?: Promise<void>;
  /** Someone read the gzipped node table since the last recompute: gzip the next one before it is served. */
  gzipWanted?: boolean;
  /** When the cluster's summary or node table was last read. */
  lastReadAt?: number;
  signalTimer?: NodeJS.Timeout;
  /** Counts the changes signalled to open pages. */
  version?: number;
}

type ReadResult = Awaited<ReturnType<NodeMixService['read']>>;

const WINDOW_MS: Record<HistoryWindow, number> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};
const MAX_HISTORY_POINTS = 400;
const gzipAsync = promisify(gzip);
/**
 * A followed cluster read within this long (an open page polls every 30 s)
 * is recomputed after each change; one nobody reads only when read again
 * (the reader gets the last result at once and the next read the new one)
 * or stored.
 */
const WATCHED_MS = 60_000;
const POD_FIELD_SELECTOR = 'status.phase!=Succeeded,status.phase!=Failed';

function headlineOf(summary: ClusterSummary): ClusterHeadline {
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

function historyPointOf(summary: ClusterSummary): HistoryPoint {
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

/**
 * Keeps the latest snapshot of every configured cluster in memory for
 * reads, refreshes them, and stores state and history. A cluster that fails
 * keeps its last good snapshot and reports the error with its age; it never
 * affects the other clusters.
 */
export class NodeMixService {
  private readonly entries = new Map<string, ClusterEntry>();
  private readonly lastReads = new LastReadCache();
  private readonly now: () => number;

  constructor(
    private readonly options: {
      clusters: ClusterDetails[];
      credentials: ClusterCredentialProvider;
      store: SnapshotStore;
      logger: LoggerService;
      settings: NodeMixSettings;
      /** Live AWS prices, NodeOverlays and discounts; the shipped table without it. */
      prices?: PriceBook;
      /** Told when a cluster followed with watches changed (at most once per debounce window). */
      onClusterChange?: (cluster: string, version: number) => void;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
    for (const details of options.clusters) {
      this.entries.set(details.name, {
        details,
        source: 'config',
        demo: false,
        state: 'pending',
      });
    }
  }

  /**
   * Replaces the clusters found in the catalog. Config clusters stay and win
   * on a name clash; a catalog cluster whose details changed (new URL, new
   * auth) starts over. Returns the names skipped because config has them.
   */
  setCatalogClusters(clusters: ClusterDetails[]): { shadowed: string[] } {
    const shadowed: string[] = [];
    const wanted = new Map<string, ClusterDetails>();
    for (const details of clusters) {
      if (this.entries.get(details.name)?.source === 'config') {
        shadowed.push(details.name);
      } else {
        wanted.set(details.name, details);
      }
    }
    for (const [name, entry] of this.entries) {
      if (entry.source === 'catalog' && !wanted.has(name)) {
        this.entries.delete(name);
        this.unwatch(entry);
      }
    }
    for (const [name, details] of wanted) {
      const entry = this.entries.get(name);
      if (!entry || JSON.stringify(entry.details) !== JSON.stringify(details)) {
        if (entry) this.unwatch(entry);
        this.entries.set(name, {
          details,
          source: 'catalog',
          demo: false,
          state: 'pending',
        });
      }
    }
    return { shadowed };
  }

  /** Loads what the database knows (another replica's refreshes, or the state before a restart). */
  async syncFromStore(): Promise<void> {
    const states = await this.options.store.listStates();
    for (const s of states) {
      const entry = this.entries.get(s.cluster);
      if (!entry) {
        continue;
      }
      const storedSuccess = s.lastSuccessAt?.getTime();
      if (
        storedSuccess &&
        (!entry.lastSuccessAt || storedSuccess > entry.lastSuccessAt)
      ) {
        const snapshot = await this.options.store.getSnapshot(s.cluster);
        if (snapshot) {
          entry.summaryJson = snapshot.summaryJson;
          entry.nodesJson = snapshot.nodesJson;
          entry.nodesGzip = await gzipAsync(snapshot.nodesJson);
          entry.headline = headlineOf(JSON.parse(snapshot.summaryJson));
          entry.lastSuccessAt = storedSuccess;
          entry.demo = s.demo;
          entry.kubernetesVersion = s.kubernetesVersion;
          entry.refreshDurationMs = s.refreshDurationMs;
        }
      }
      const storedAttempt = s.lastAttemptAt?.getTime();
      if (
        storedAttempt &&
        (!entry.lastAttemptAt || storedAttempt > entry.lastAttemptAt)
      ) {
        entry.lastAttemptAt = storedAttempt;
        entry.error = s.error;
        entry.state = s.error ? 'error' : 'ok';
      }
    }
  }

  /** Refreshes every cluster; one failing cluster does not stop the others. */
  async refreshAll(): Promise<void> {
    await Promise.all(
      [...this.entries.entries()]
        // its first list is under way; the watch keeps it fresh after
        .filter(([, entry]) => !entry.watchStarting)
        .map(([name]) => this.refresh(name)),
    );
    await this.applyRetention();
  }

  /** Refreshes one cluster (joins a refresh already running). */
  async refresh(name: string): Promise<void> {
    const entry = this.entry(name);
    if (!entry.refreshing) {
      entry.refreshing = this.doRefresh(entry).finally(() => {
        entry.refreshing = undefined;
      });
    }
    return entry.refreshing;
  }

  private async doRefresh(entry: ClusterEntry): Promise<void> {
    const { logger, store } = this.options;
    const name = entry.details.name;
    const started = this.now();
    if (entry.informer) {
      await this.refreshLive(entry, started);
      return;
    }
    try {
      let result: ReadResult;
      try {
        result = await this.read(entry.details);
      } catch (e) {
        // a list's snapshot expired mid-way (410): start over once
        if (e instanceof ClusterReadError && e.status === 410) {
          result = await this.read(entry.details);
        } else {
          throw e;
        }
      }
      const records = result.pods;
      this.setResult(entry, { ...result, pods: () => records }, started);
      entry.nodesGzip = await gzipAsync(entry.nodesJson!);
      await this.persist(entry, started);
      const { summary } = result;
      logger.info(
        `Refreshed cluster '${name}': ${summary.totals.nodes} nodes, ${summary.pods} pods in ${entry.refreshDurationMs} ms`,
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      entry.state = 'error';
      entry.error = message;
      entry.lastAttemptAt = started;
      logger.warn(`Refreshing cluster '${name}' failed: ${message}`);
      await store
        .saveFailure(name, new Date(started), message)
        .catch(err =>
          logger.error(
            `Could not store the failure of cluster '${name}': ${err}`,
          ),
        );
    }
  }

  /**
   * Keeps a read's result in memory for the read API, all at once (the
   * gzip of its node table too when given; else see getNodesGzip).
   */
  private setResult(
    entry: ClusterEntry,
    result: Omit<ReadResult, 'pods'> & {
      pods: () => CostInputPod[];
      nodesJson?: string;
      nodesGzip?: Buffer;
    },
    started: number,
  ) {
    const name = entry.details.name;
    const { summary, nodes, version } = result;
    entry.summaryJson = JSON.stringify(summary);
    entry.nodesJson =
      result.nodesJson ??
      JSON.stringify({
        cluster: name,
        generatedAt: summary.generatedAt,
        items: nodes,
      });
    entry.nodesGzip = result.nodesGzip;
    entry.nodesGzipping = undefined;
    let pods: CostInputPod[] | undefined;
    entry.costInput = {
      cluster: name,
      generatedAt: summary.generatedAt,
      nodes: costInputNodes(nodes, this.options.settings.defaultRegion),
      pods: () => (pods ??= result.pods()),
      pricing: {
        priceTable:
          this.options.prices?.tableFor(name) ??
          this.options.settings.priceTable,
        spot: this.options.settings.spot,
        defaultRegion: this.options.settings.defaultRegion,
      },
    };
    entry.headline = headlineOf(summary);
    entry.demo = /-demo\b/.test(version.gitVersion ?? '');
    entry.kubernetesVersion = version.gitVersion;
    entry.state = 'ok';
    entry.error = undefined;
    entry.lastAttemptAt = started;
    entry.lastSuccessAt = Date.parse(summary.generatedAt);
    entry.refreshDurationMs = this.now() - started;
  }

  /** Stores the in-memory result for other replicas and restarts, and a history point when due. */
  private async persist(entry: ClusterEntry, started: number) {
    const { store } = this.options;
    const name = entry.details.name;
    await store.saveSuccess(
      {
        cluster: name,
        demo: entry.demo,
        kubernetesVersion: entry.kubernetesVersion,
        lastAttemptAt: new Date(started),
        lastSuccessAt: new Date(entry.lastSuccessAt!),
        refreshDurationMs: entry.refreshDurationMs,
      },
      { summaryJson: entry.summaryJson!, nodesJson: entry.nodesJson! },
    );
    const last = await store.lastHistoryAt(name);
    if (
      !last ||
      entry.lastSuccessAt! - last.getTime() >=
        this.options.settings.snapshotIntervalMs
    ) {
      await store.addHistoryPoint(
        name,
        historyPointOf(JSON.parse(entry.summaryJson!)),
      );
    }
  }

  /**
   * Follows every cluster with watches (nodeMix.watch.enabled): clusters
   * not yet followed are listed once and then watched; a cluster whose
   * first list fails is tried again on the next call. Every replica calls
   * this, so each serves reads from its own live cache.
   */
  watchAll(): void {
    if (!this.options.settings.watch.enabled) {
      return;
    }
    for (const entry of this.entries.values()) {
      if (!entry.informer && !entry.watchStarting) {
        void this.startWatch(entry);
      }
    }
  }

  /** The watch counters of a cluster followed by watches (benchmark, tests). */
  watchStats(name: string): InformerStats | undefined {
    const informer = this.entry(name).informer;
    return informer ? { ...informer.stats } : undefined;
  }

  /** Ends every watch (shutdown, tests). */
  async stopWatching(): Promise<void> {
    await Promise.all([...this.entries.values()].map(e => this.unwatch(e)));
  }

  private async unwatch(entry: ClusterEntry): Promise<void> {
    clearTimeout(entry.signalTimer);
    entry.signalTimer = undefined;
    const informer = entry.informer;
    entry.informer = undefined;
    await informer?.stop();
  }

  private async startWatch(entry: ClusterEntry): Promise<void> {
    const { logger, settings } = this.options;
    const name = entry.details.name;
    const started = this.now();
    entry.watchStarting = true;
    let informer: ClusterInformer | undefined;
    try {
      const reader = await this.readerFor(entry.details);
      const version = await reader.version();
      const pricing = this.options.prices
        ? await this.options.prices.forCluster(name, reader)
        : { table: settings.priceTable, problems: [] };
      informer = new ClusterInformer({
        cluster: name,
        reader,
        logger,
        watchTimeoutSeconds: settings.watch.timeoutSeconds,
        onChange: change => this.changed(entry, change),
      });
      await informer.start();
      if (this.entries.get(name) !== entry) {
        // the cluster went away (catalog) while it was being listed
        await informer.stop();
        return;
      }
      entry.informer = informer;
      entry.live = {
        pricing,
        version,
        aggregation: new LiveAggregation({
          informer,
          aggregation: {
            cluster: name,
            priceTable: pricing.table,
            spot: settings.spot,
            underutilizedThreshold: settings.underutilizedThreshold,
            defaultRegion: settings.defaultRegion,
          },
          priceProblems: pricing.problems,
        }),
      };
      await entry.live.aggregation.build();
      this.recompute(entry, started);
      this.signal(entry);
      logger.info(
        `Following cluster '${name}' with watches: ${entry.headline?.totals.nodes} nodes, ${entry.headline?.pods} pods listed in ${entry.refreshDurationMs} ms`,
      );
      await this.persist(entry, started);
    } catch (e) {
      await informer?.stop();
      const message = e instanceof Error ? e.message : String(e);
      entry.state = entry.lastSuccessAt ? entry.state : 'error';
      entry.error = message;
      entry.lastAttemptAt = started;
      logger.warn(`Watching cluster '${name}' failed: ${message}`);
    } finally {
      entry.watchStarting = false;
    }
  }

  /**
   * A cluster followed by watches is not listed again: its prices are
   * read again, and the live result is stored for other replicas.
   */
  private async refreshLive(entry: ClusterEntry, started: number) {
    const name = entry.details.name;
    try {
      const live = entry.live!;
      if (this.options.prices) {
        const reader = await this.readerFor(entry.details);
        live.pricing = await this.options.prices.forCluster(name, reader);
      }
      await entry.updating;
      live.aggregation.setPricing(live.pricing);
      entry.dirty = true;
      await this.update(entry);
      await this.persist(entry, started);
    } catch (e) {
      this.options.logger.warn(
        `Storing the live state of cluster '${name}' failed: ${e}`,
      );
    }
  }

  /**
   * Applies one watch event to the cluster's aggregator (only the sums of
   * what it touches), and schedules one recompute per debounce window,
   * however many changes arrive; open pages are told after it.
   */
  private changed(entry: ClusterEntry, change: InformerChange) {
    if (!entry.live) {
      // still listing: the aggregator is built from the cache after
      return;
    }
    entry.live.aggregation.apply(change);
    entry.dirty = true;
    if (this.watched(entry)) this.schedule(entry);
  }

  private watched(entry: ClusterEntry): boolean {
    return (
      entry.lastReadAt !== undefined &&
      this.now() - entry.lastReadAt < WATCHED_MS
    );
  }

  /**
   * Notes a read of a cluster's page (`watch`) or card: one that changed
   * while nobody read it is recomputed now, for the next read.
   */
  private wasRead(entry: ClusterEntry, watch: boolean): ClusterEntry {
    if (watch) entry.lastReadAt = this.now();
    if (entry.dirty && entry.informer) this.schedule(entry, 0);
    return entry;
  }

  private schedule(
    entry: ClusterEntry,
    delayMs = this.options.settings.watch.debounceMs,
  ) {
    if (entry.signalTimer || entry.updating) {
      // the running update schedules the next one when it ends
      return;
    }
    entry.signalTimer = setTimeout(() => {
      entry.signalTimer = undefined;
      if (entry.informer) {
        void this.update(entry);
      }
    }, delayMs);
  }

  /**
   * Recomputes a followed cluster off the request path and publishes the
   * result (summary, node table and, when someone reads it, its gzip) at
   * once; readers meanwhile get the previous one. Then tells open pages.
   */
  private update(entry: ClusterEntry): Promise<void> {
    if (!entry.updating) {
      entry.updating = (async () => {
        const started = this.now();
        const aggregation = entry.live?.aggregation;
        if (aggregation?.needsBuild) await aggregation.build();
        if (!entry.informer) return;
        const gzipNow = entry.gzipWanted;
        entry.gzipWanted = false;
        const result = this.aggregate(entry, started);
        if (gzipNow) {
          result.nodesGzip = await gzipAsync(result.nodesJson, { level: 1 });
        }
        if (!entry.informer) return;
        this.setResult(entry, result, started);
        this.signal(entry);
      })()
        .catch(e =>
          this.options.logger.warn(
            `Recomputing cluster '${entry.details.name}' failed: ${e}`,
          ),
        )
        .finally(() => {
          entry.updating = undefined;
          if (entry.dirty && entry.informer && this.watched(entry)) {
            this.schedule(entry);
          }
        });
    }
    return entry.updating;
  }

  private signal(entry: ClusterEntry) {
    entry.version = (entry.version ?? 0) + 1;
    this.options.onClusterChange?.(entry.details.name, entry.version);
  }

  /** Finishes the aggregator: O(nodes), rows serialized again only where they changed. */
  private aggregate(entry: ClusterEntry, started: number) {
    entry.dirty = false;
    const live = entry.live!;
    const informer = entry.informer!;
    const { summary, nodes, nodesJson } = live.aggregation.finish(
      entry.details.name,
      this.now(),
    );
    return {
      summary,
      nodes,
      version: live.version,
      nodesJson,
      nodesGzip: undefined as Buffer | undefined,
      started,
      // the pods as cached when the cost plugin asks
      pods: () => costInputPods(informer.podRecords()),
    };
  }

  /** Aggregates the watch cache now (first sync, scheduled store). */
  private recompute(entry: ClusterEntry, started: number) {
    this.setResult(entry, this.aggregate(entry, started), started);
  }

  /** A reader for one cluster with the Kubernetes backend's credential for it. */
  private async readerFor(details: ClusterDetails): Promise<KubernetesClient> {
    const { settings } = this.options;
    let credential: KubernetesCredential;
    try {
      credential = await this.options.credentials.getCredential(details);
    } catch (e) {
      throw new ClusterReadError(
        `Could not get credentials for cluster '${details.name}': ${
          (e as Error).message
        }`,
      );
    }
    return new KubernetesClient({
      cluster: details,
      credential,
      timeoutMs: settings.requestTimeoutMs,
      pageSize: settings.pageSize,
    });
  }

  /**
   * One node read live for the node drawer: taints, conditions, its pods and
   * its NodeClaim. 404 for a node the cluster does not have (any more).
   */
  async getNodeDetail(
    name: string,
    node: string,
    nodeClaim?: string,
  ): Promise<NodeDetail> {
    const entry = this.entry(name);
    let detail: NodeDetail | undefined;
    try {
      detail = await readNodeDetail({
        reader: await this.readerFor(entry.details),
        cluster: name,
        node,
        nodeClaim,
        candidate: this.lastRead(entry)?.summary.consolidation.candidates.find(
          c => c.node === node,
        ),
        now: this.now(),
      });
    } catch (e) {
      if (e instanceof ClusterReadError) {
        throw new ServiceUnavailableError(
          `Could not read node '${node}' of cluster '${name}': ${e.message}`,
        );
      }
      throw e;
    }
    if (!detail) {
      throw new NotFoundError(`Cluster '${name}' has no node '${node}'`);
    }
    return detail;
  }

  /**
   * One NodePool's page: its nodes, cost and candidates from the last read,
   * its budgets and Karpenter's events read live.
   */
  async getNodePoolDetail(name: string, pool: string): Promise<NodePoolDetail> {
    const entry = this.nodes(name);
    let detail: NodePoolDetail | undefined;
    try {
      detail = await readNodePoolDetail({
        reader: await this.readerFor(entry.details),
        cluster: name,
        pool,
        lastRead: this.lastRead(entry)!,
        now: this.now(),
      });
    } catch (e) {
      if (e instanceof ClusterReadError) {
        throw new ServiceUnavailableError(
          `Could not read NodePool '${pool}' of cluster '${name}': ${e.message}`,
        );
      }
      throw e;
    }
    if (!detail) {
      throw new NotFoundError(`Cluster '${name}' has no NodePool '${pool}'`);
    }
    return detail;
  }

  private lastRead(entry: ClusterEntry) {
    return entry.summaryJson && entry.nodesJson
      ? this.lastReads.get(
          entry.details.name,
          entry.summaryJson,
          entry.nodesJson,
        )
      : undefined;
  }

  /** Reads and aggregates one cluster. */
  async read(details: ClusterDetails): Promise<{
    summary: ClusterSummary;
    nodes: NodeRow[];
    version: { gitVersion?: string };
    pods: CostInputPod[];
  }> {
    const { settings } = this.options;
    const reader = await this.readerFor(details);
    const version = await reader.version();
    const pricing = this.options.prices
      ? await this.options.prices.forCluster(details.name, reader)
      : { table: settings.priceTable, problems: [] };
    const agg = new ClusterAggregator({
      cluster: details.name,
      priceTable: pricing.table,
      spot: settings.spot,
      now: this.now(),
      underutilizedThreshold: settings.underutilizedThreshold,
      defaultRegion: settings.defaultRegion,
    });
    const problems: string[] = [...pricing.problems];
    // Karpenter's objects and PDBs are optional: a cluster without Karpenter
    // or a token without rights on them still gets its node mix.
    const optional = async (
      path: string,
      what: string,
      add: (items: any[]) => void,
    ) => {
      try {
        await reader.list(path, add);
      } catch (e) {
        if (
          e instanceof ClusterReadError &&
          (e.status === 403 || e.status === 404)
        ) {
          problems.push(
            e.status === 404
              ? `${what} not found (${path}): is Karpenter v1 installed?`
              : e.message,
          );
          return;
        }
        throw e;
      }
    };
    await Promise.all([
      reader.list('/api/v1/nodes', items => agg.addNodes(items)),
      optional('/apis/karpenter.sh/v1/nodepools', 'NodePools', items =>
        agg.addNodePools(items),
      ),
      optional('/apis/karpenter.sh/v1/nodeclaims', 'NodeClaims', items =>
        agg.addNodeClaims(items),
      ),
      optional(
        '/apis/karpenter.k8s.aws/v1/ec2nodeclasses',
        'EC2NodeClasses',
        items => agg.addNodeClasses(items),
      ),
      optional(
        '/apis/policy/v1/poddisruptionbudgets',
        'PodDisruptionBudgets',
        items => agg.addPdbs(items),
      ),
    ]);
    const pods: CostInputPod[] = [];
    await reader.list(
      '/api/v1/pods',
      items => {
        pods.push(...costInputPods(agg.addPods(items)));
      },
      { fieldSelector: POD_FIELD_SELECTOR },
    );
    const { summary, nodes } = agg.finish();
    summary.warnings.unshift(...problems);
    return { summary, nodes, version, pods };
  }

  /**
   * A cluster's entry: its last published result. A followed cluster is
   * recomputed after changes (debounced), never on a reader's request.
   */
  private entry(name: string): ClusterEntry {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new NotFoundError(`Unable to find cluster '${name}'`);
    }
    return entry;
  }

  private status(entry: ClusterEntry): ClusterStatus {
    const now = this.now();
    return {
      name: entry.details.name,
      ...(entry.details.title ? { title: entry.details.title } : {}),
      source: entry.source,
      demo: entry.demo,
      kubernetesVersion: entry.kubernetesVersion,
      ...(entry.informer ? { live: true } : {}),
      state: entry.state,
      error: entry.error,
      lastAttemptAt: entry.lastAttemptAt
        ? new Date(entry.lastAttemptAt).toISOString()
        : undefined,
      lastSuccessAt: entry.lastSuccessAt
        ? new Date(entry.lastSuccessAt).toISOString()
        : undefined,
      dataAgeSeconds: entry.lastSuccessAt
        ? Math.max(0, Math.round((now - entry.lastSuccessAt) / 1000))
        : undefined,
      refreshDurationMs: entry.refreshDurationMs,
    };
  }

  /** Every cluster's status and headline numbers. */
  listClusters(): ClusterStatus[] {
    return [...this.entries.values()].map(e => ({
      ...this.status(this.wasRead(e, false)),
      headline: e.headline,
    }));
  }

  /** One cluster's status and full summary, as JSON (the summary is serialized once per refresh). */
  getClusterJson(name: string): string {
    const entry = this.wasRead(this.entry(name), true);
    const status = JSON.stringify(this.status(entry));
    return entry.summaryJson
      ? `${status.slice(0, -1)},"summary":${entry.summaryJson}}`
      : status;
  }

  /**
   * The summary of a cluster's last read as stored (the same string until
   * the next read, so callers can cache what they derive from it).
   */
  getSummaryJson(name: string): string | undefined {
    return this.wasRead(this.entry(name), false).summaryJson;
  }

  /** One cluster's node table as JSON, and gzipped. */
  getNodesJson(name: string): string {
    return this.wasRead(this.nodes(name), true).nodesJson!;
  }

  /**
   * The prices node-mix uses, without any cluster's NodeOverlays: for
   * estimates of capacity not yet in a cluster (the NodePool template).
   */
  getPricing(): ClusterCostInput['pricing'] {
    const { settings, prices } = this.options;
    return {
      priceTable: prices?.tableFor() ?? settings.priceTable,
      spot: settings.spot,
      defaultRegion: settings.defaultRegion,
    };
  }

  /**
   * What the cost plugin allocates for a cluster: priced nodes and pod
   * requests of the latest read. It is kept in memory only, so a replica
   * (or a fresh start) without one reads the cluster first; 404 when that
   * read fails.
   */
  async getCostInput(name: string): Promise<ClusterCostInput> {
    const entry = this.wasRead(this.entry(name), false);
    if (!entry.costInput) {
      await this.refresh(name);
    }
    if (!entry.costInput) {
      throw new NotFoundError(
        `No cost input for cluster '${name}' yet${
          entry.error ? `: ${entry.error}` : ''
        }`,
      );
    }
    return {
      ...entry.costInput,
      pods: entry.costInput.pods(),
      demo: entry.demo,
    };
  }

  /**
   * The pods labelled with a catalog component's kubernetes-id and their
   * nodes' architecture and capacity type, from the last read.
   */
  async getWorkloadPods(
    name: string,
    kubernetesId: string,
  ): Promise<WorkloadPods> {
    const input = await this.getCostInput(name);
    const nodes = new Map(input.nodes.map(n => [n.name, n]));
    const items = input.pods
      .filter(p => p.kubernetesId === kubernetesId && p.name)
      .map(p => {
        const node = nodes.get(p.node);
        return {
          name: p.name!,
          namespace: p.namespace,
          node: p.node,
          arch: node?.arch ?? 'unknown',
          capacityType: node?.capacityType ?? 'unknown',
          instanceType: node?.instanceType ?? 'unknown',
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    return { cluster: name, generatedAt: input.generatedAt, items };
  }

  /**
   * The node table gzipped. A live recompute leaves this to the first reader
   * that wants it: made off the event loop (zlib's thread pool), once, for
   * every reader that asks meanwhile.
   */
  getNodesGzip(name: string): Promise<Buffer> {
    const entry = this.wasRead(this.nodes(name), true);
    entry.gzipWanted = true;
    if (entry.nodesGzip) return Promise.resolve(entry.nodesGzip);
    if (!entry.nodesGzipping) {
      const json = entry.nodesJson!;
      const gzipping: Promise<Buffer> = gzipAsync(json, { level: 1 }).then(
        body => {
          // kept only while it is still the gzip of the current table
          if (entry.nodesJson === json) entry.nodesGzip = body;
          return body;
        },
      );
      entry.nodesGzipping = gzipping;
      gzipping
        .finally(() => {
          if (entry.nodesGzipping === gzipping) entry.nodesGzipping = undefined;
        })
        .catch(() => {});
    }
    return entry.nodesGzipping;
  }

  private nodes(name: string): ClusterEntry {
    const entry = this.entry(name);
    if (!entry.nodesJson) {
      throw new NotFoundError(
        `No snapshot of cluster '${name}' yet${
          entry.error ? `: ${entry.error}` : ''
        }`,
      );
    }
    return entry;
  }

  async getHistory(
    name: string,
    window: HistoryWindow,
  ): Promise<ClusterHistory> {
    this.entry(name);
    const since = new Date(this.now() - WINDOW_MS[window]);
    const points = await this.options.store.listHistory(name, since);
    // Thin long windows to one point per bucket (the latest in it).
    if (points.length <= MAX_HISTORY_POINTS) {
      return { cluster: name, window, points };
    }
    const bucketMs = WINDOW_MS[window] / MAX_HISTORY_POINTS;
    const thinned = new Map<number, HistoryPoint>();
    for (const p of points) {
      thinned.set(Math.floor(Date.parse(p.at) / bucketMs), p);
    }
    return { cluster: name, window, points: [...thinned.values()] };
  }

  private async applyRetention() {
    const deleted = await this.options.store
      .deleteHistoryBefore(
        new Date(this.now() - this.options.settings.retentionMs),
      )
      .catch(e => {
        this.options.logger.error(`node-mix history retention failed: ${e}`);
        return 0;
      });
    if (deleted > 0) {
      this.options.logger.info(
        `Deleted ${deleted} node-mix history points past retention`,
      );
    }
  }
}
