import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
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
import { InformerStats } from './ClusterInformer';
import { ClusterResults } from './ClusterResults';
import { ClusterWatches } from './ClusterWatches';
import { headlineOf } from './headline';
import { ClusterListing, listCluster } from './listCluster';
import { PriceBook } from './PriceBook';

const gzipAsync = promisify(gzip);

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
  private readonly results: ClusterResults;
  private readonly watches: ClusterWatches;

  constructor(private readonly options: NodeMixPollerOptions) {
    this.clusters = options.clusters;
    this.now = options.now ?? Date.now;
    this.results = new ClusterResults({
      store: options.store,
      settings: options.settings,
      prices: options.prices,
      now: this.now,
    });
    this.watches = new ClusterWatches({
      clusters: options.clusters,
      connect: details => this.connect(details),
      results: this.results,
      logger: options.logger,
      settings: options.settings,
      prices: options.prices,
      onClusterChange: options.onClusterChange,
      now: this.now,
    });
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
        this.watches.unwatch(entry);
      }
    }
    for (const [name, details] of wanted) {
      const entry = this.clusters.get(name);
      if (!entry || JSON.stringify(entry.details) !== JSON.stringify(details)) {
        if (entry) this.watches.unwatch(entry);
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
      await this.watches.storeLive(entry, started);
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
      this.results.publish(entry, { ...result, pods: () => records }, started);
      entry.nodesGzip = await gzipAsync(entry.nodesJson!);
      await this.results.persist(entry, started);
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
    this.watches.wasRead(name);
  }

  /**
   * Follows every cluster with watches (nodeMix.watch.enabled): clusters
   * not yet followed are listed once and then watched; a cluster whose
   * first list fails is tried again on the next call. Every replica calls
   * this, so each serves reads from its own live cache.
   */
  watchAll(): void {
    this.watches.watchAll();
  }

  /** The watch counters of a cluster followed by watches (benchmark, tests). */
  watchStats(name: string): InformerStats | undefined {
    return this.watches.watchStats(name);
  }

  /** Ends every watch (shutdown, tests). */
  stopWatching(): Promise<void> {
    return this.watches.stopWatching();
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
