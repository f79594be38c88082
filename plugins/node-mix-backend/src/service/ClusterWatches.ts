import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { costInputPods } from '../aggregation/podRecord';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { KubernetesClient } from '../clients/KubernetesClient';
import { NodeMixSettings } from '../config';
import { ClusterEntries, ClusterEntry } from './ClusterEntries';
import {
  ClusterInformer,
  InformerChange,
  InformerStats,
} from './ClusterInformer';
import { ClusterResults } from './ClusterResults';
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

/**
 * The live half of {@link NodeMixPoller}: follows clusters with watches
 * after one list, applies each event to the cluster's sums, recomputes
 * (debounced, off the request path) and publishes the result, and tells
 * open pages.
 */
export class ClusterWatches {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      clusters: ClusterEntries;
      connect: (details: ClusterDetails) => Promise<KubernetesClient>;
      results: ClusterResults;
      logger: LoggerService;
      settings: NodeMixSettings;
      prices?: PriceBook;
      onClusterChange?: (cluster: string, version: number) => void;
      now: () => number;
    },
  ) {
    this.now = options.now;
  }

  /**
   * A cluster was read ({@link NodeMixReader} tells the poller): one
   * followed by watches that changed while nobody read it is recomputed
   * now, for the next read (the read itself got the last result).
   */
  wasRead(name: string): void {
    const entry = this.options.clusters.get(name);
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
    for (const entry of this.options.clusters.all()) {
      if (!entry.informer && !entry.watchStarting) {
        void this.startWatch(entry);
      }
    }
  }

  /** The watch counters of a cluster followed by watches (benchmark, tests). */
  watchStats(name: string): InformerStats | undefined {
    const informer = this.options.clusters.find(name).informer;
    return informer ? { ...informer.stats } : undefined;
  }

  /** Ends every watch (shutdown, tests). */
  async stopWatching(): Promise<void> {
    await Promise.all(this.options.clusters.all().map(e => this.unwatch(e)));
  }

  /** Ends a cluster's watch (it left the catalog, or its details changed). */
  async unwatch(entry: ClusterEntry): Promise<void> {
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
      const reader = await this.options.connect(entry.details);
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
      if (this.options.clusters.get(name) !== entry) {
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
      await this.options.results.persist(entry, started);
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
  async storeLive(entry: ClusterEntry, started: number) {
    const name = entry.details.name;
    try {
      const live = entry.live!;
      if (this.options.prices) {
        const reader = await this.options.connect(entry.details);
        live.pricing = await this.options.prices.forCluster(name, reader);
      }
      await entry.updating;
      live.aggregation.setPricing(live.pricing);
      entry.dirty = true;
      await this.update(entry);
      await this.options.results.persist(entry, started);
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
        this.options.results.publish(entry, result, started);
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
    this.options.results.publish(
      entry,
      this.aggregate(entry, started),
      started,
    );
  }
}
