import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  ClusterCostInput,
  ClusterHistory,
  ClusterStatus,
  HistoryPoint,
  HistoryWindow,
  NodeDetail,
  NodePoolDetail,
  WorkloadPods,
} from '@internal/plugin-node-mix-common';
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
import { LastReadCache, readNodePoolDetail } from './nodePoolDetail';
import { PriceBook } from './PriceBook';
import { readNodeDetail } from './readNodeDetail';

const WINDOW_MS: Record<HistoryWindow, number> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};
const MAX_HISTORY_POINTS = 400;
const gzipAsync = promisify(gzip);

/**
 * What reads ask of the writer ({@link NodeMixPoller}): a reader never
 * lists a cluster nor recomputes one itself.
 */
export interface NodeMixWriter {
  /** Lists the cluster now (joins a refresh under way). */
  refresh(cluster: string): Promise<void>;
  /** The cluster was just read: one that changed since its last result is recomputed for the next read. */
  wasRead(cluster: string): void;
}

/** Options of {@link NodeMixReader}. */
export interface NodeMixReaderOptions {
  /** The in-memory state {@link NodeMixPoller} writes. */
  clusters: ClusterEntries;
  /** The history (the rest is served from memory). */
  store: SnapshotStore;
  /** For the node drawer and NodePool page, which read one node or pool live. */
  credentials: ClusterCredentialProvider;
  settings: NodeMixSettings;
  prices?: PriceBook;
  writer: NodeMixWriter;
  now?: () => number;
}

/**
 * The query side of node-mix, for the router, the actions and the fleet:
 * serves every cluster's last published result from memory (serialized
 * once per result), its history from the store, and a node or NodePool
 * read live for its drawer or page.
 */
export class NodeMixReader {
  private readonly clusters: ClusterEntries;
  private readonly lastReads = new LastReadCache();
  private readonly now: () => number;

  constructor(private readonly options: NodeMixReaderOptions) {
    this.clusters = options.clusters;
    this.now = options.now ?? Date.now;
  }

  /** Every cluster's status and headline numbers. */
  listClusters(): ClusterStatus[] {
    return this.clusters.all().map(e => ({
      ...this.status(this.wasRead(e, false)),
      headline: e.headline,
    }));
  }

  /** One cluster's status and full summary, as JSON (the summary is serialized once per refresh). */
  getClusterJson(name: string): string {
    const entry = this.wasRead(this.clusters.find(name), true);
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
    return this.wasRead(this.clusters.find(name), false).summaryJson;
  }

  /** One cluster's node table as JSON, and gzipped. */
  getNodesJson(name: string): string {
    return this.wasRead(this.clusters.findWithNodes(name), true).nodesJson!;
  }

  /**
   * The node table gzipped. A live recompute leaves this to the first reader
   * that wants it: made off the event loop (zlib's thread pool), once, for
   * every reader that asks meanwhile.
   */
  getNodesGzip(name: string): Promise<Buffer> {
    const entry = this.wasRead(this.clusters.findWithNodes(name), true);
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

  /** A cluster's history in a window, thinned to at most 400 points. */
  async getHistory(
    name: string,
    window: HistoryWindow,
  ): Promise<ClusterHistory> {
    this.clusters.find(name);
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
    const entry = this.wasRead(this.clusters.find(name), false);
    if (!entry.costInput) {
      await this.options.writer.refresh(name);
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
   * One node read live for the node drawer: taints, conditions, its pods and
   * its NodeClaim. 404 for a node the cluster does not have (any more).
   */
  async getNodeDetail(
    name: string,
    node: string,
    nodeClaim?: string,
  ): Promise<NodeDetail> {
    const entry = this.clusters.find(name);
    let detail: NodeDetail | undefined;
    try {
      detail = await readNodeDetail({
        reader: await this.connect(entry),
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
    const entry = this.clusters.findWithNodes(name);
    let detail: NodePoolDetail | undefined;
    try {
      detail = await readNodePoolDetail({
        reader: await this.connect(entry),
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

  /**
   * Lists the cluster now (POST /refresh): the poller's refresh, joined
   * when one is under way.
   */
  refresh(name: string): Promise<void> {
    return this.options.writer.refresh(name);
  }

  /**
   * Notes a read of a cluster's page (`watch`) or card, and tells the
   * poller, which recomputes one that changed while nobody read it.
   */
  private wasRead(entry: ClusterEntry, watch: boolean): ClusterEntry {
    if (watch) entry.lastReadAt = this.now();
    this.options.writer.wasRead(entry.details.name);
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

  private lastRead(entry: ClusterEntry) {
    return entry.summaryJson && entry.nodesJson
      ? this.lastReads.get(
          entry.details.name,
          entry.summaryJson,
          entry.nodesJson,
        )
      : undefined;
  }

  private connect(entry: ClusterEntry): Promise<KubernetesClient> {
    const { credentials, settings } = this.options;
    return KubernetesClient.connect({
      cluster: entry.details,
      credentials,
      timeoutMs: settings.requestTimeoutMs,
      pageSize: settings.pageSize,
    });
  }
}
