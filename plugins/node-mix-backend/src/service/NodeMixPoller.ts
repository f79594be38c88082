import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { CostInputPod, costInputPods } from '@internal/plugin-node-mix-common';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ClusterCredentialProvider } from '../clients/credentials';
import {
  ClusterReadError,
  KubernetesClient,
} from '../clients/KubernetesClient';
import { NodeMixSettings } from '../config';
import { SnapshotStore } from '../database/SnapshotStore';
import { ClusterEntries, ClusterEntry } from './ClusterEntries';
import {
  ClusterInformer,
  InformerChange,
  InformerStats,
} from './ClusterInformer';
import { costInputNodes } from './costInput';
import { headlineOf, historyPointOf } from './headline';
import { ClusterListing, listCluster } from './listCluster';
import { LiveAggregation } from './LiveAggregation';
import { PriceBook } from './PriceBook';

const gzipAsync = promisify(gzip);
/**
 * A followed cluster read within this long (an open page polls every 30 s)
 * is recomputed after each change; one nobody reads only when read again
 * (the reader gets the last result at once and the next read the new one)
 * or stored.
 */
const WATCHED_MS = 60_000;

/** Options of {@link NodeMixPoller}. */
export interface NodeMixPollerOptions {
  /** The in-memory state it writes and {@link NodeMixReader} reads. */
  clusters: ClusterEntries;
  credentials: ClusterCredentialProvider;
  store: SnapshotStore;
  logger: LoggerService;
  settings: NodeMixSettings;
  /** Live AWS prices, NodeOverlays and discounts; the shipped table without it. */
  prices?: PriceBook;
  /** Told when a cluster followed with watches changed (at most once per debounce window). */
  onClusterChange?: (cluster: string, version: number) => void;
  now?: () => number;
}

/**
 * The writer of node-mix: lists every cluster (or follows it with watches),
 * publishes each result to the in-memory {@link ClusterEntries} at once,
 * stores state and history for other replicas and restarts, and applies
 * retention. A cluster that fails keeps its last good snapshot and reports
 * the error with its age; it never affects the other clusters.
 */
export class NodeMixPoller {
  private readonly clusters: ClusterEntries;
  private readonly now: () => number;

  constructor(private readonly options: NodeMixPollerOptions) {
    this.clusters = options.clusters;
    this.now = options.now ?? Date.now;
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
      if (this.clusters.get(details.name)?.source === 'config') {
        shadowed.push(details.name);
      } else {
        wanted.set(details.name, details);
      }
    }
    for (const entry of this.clusters.all()) {
      const name = entry.details.name;
      if (entry.source === 'catalog' && !wanted.has(name)) {
        this.clusters.delete(name);
        this.unwatch(entry);
      }
    }
    for (const [name, details] of wanted) {
      const entry = this.clusters.get(name);
      if (!entry || JSON.stringify(entry.details) !== JSON.stringify(details)) {
        if (entry) this.unwatch(entry);
        this.clusters.set({
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
      const entry = this.clusters.get(s.cluster);
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
      this.clusters
        .all()
        // its first list is under way; the watch keeps it fresh after
        .filter(entry => !entry.watchStarting)
        .map(entry => this.refresh(entry.details.name)),
    );
    await this.applyRetention();
  }

  /** Refreshes one cluster (joins a refresh already running). */
  async refresh(name: string): Promise<void> {
    const entry = this.clusters.find(name);
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
      let result: ClusterListing;
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
   * gzip of its node table too when given; else NodeMixReader.getNodesGzip makes it).
   */
  private setResult(
    entry: ClusterEntry,
    result: Omit<ClusterListing, 'pods'> & {
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

  /** Lists and aggregates one cluster (no state changes: the benchmark uses it). */
  async read(details: ClusterDetails): Promise<ClusterListing> {
    return listCluster({
      cluster: details.name,
      client: await this.connect(details),
      settings: this.options.settings,
      prices: this.options.prices,
      now: this.now,
    });
  }

  /**
   * Told by {@link NodeMixReader} after each read: a followed cluster that
   * changed while nobody read it is recomputed now, for the next read (the
   * read itself got the last result).
   */
  wasRead(name: string): void {
    const entry = this.clusters.get(name);
    if (entry?.dirty && entry.informer) this.schedule(entry, 0);
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
    for (const entry of this.clusters.all()) {
      if (!entry.informer && !entry.watchStarting) {
        void this.startWatch(entry);
      }
    }
  }

  /** The watch counters of a cluster followed by watches (benchmark, tests). */
  watchStats(name: string): InformerStats | undefined {
    const informer = this.clusters.find(name).informer;
    return informer ? { ...informer.stats } : undefined;
  }

  /** Ends every watch (shutdown, tests). */
  async stopWatching(): Promise<void> {
    await Promise.all(this.clusters.all().map(e => this.unwatch(e)));
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
      const reader = await this.connect(entry.details);
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
      if (this.clusters.get(name) !== entry) {
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
        const reader = await this.connect(entry.details);
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

  private connect(details: ClusterDetails): Promise<KubernetesClient> {
    const { credentials, settings } = this.options;
    return KubernetesClient.connect({
      cluster: details,
      credentials,
      timeoutMs: settings.requestTimeoutMs,
      pageSize: settings.pageSize,
    });
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
