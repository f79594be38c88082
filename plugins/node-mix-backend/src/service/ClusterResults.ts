import { CostInputPod } from '@internal/plugin-node-mix-common';
import { NodeMixSettings } from '../config';
import { SnapshotStore } from '../database/SnapshotStore';
import { ClusterEntry } from './ClusterEntries';
import { costInputNodes } from './costInput';
import { headlineOf, historyPointOf } from './headline';
import { ClusterListing } from './listCluster';
import { PriceBook } from './PriceBook';

/** A cluster's aggregated read, listed or recomputed from the watch cache. */
export type ClusterResult = Omit<ClusterListing, 'pods'> & {
  pods: () => CostInputPod[];
  nodesJson?: string;
  nodesGzip?: Buffer;
};

/**
 * Where a read's result goes: into the cluster's entry for the reader, all
 * at once, and into the store for other replicas, restarts and history.
 */
export class ClusterResults {
  constructor(
    private readonly options: {
      store: SnapshotStore;
      settings: NodeMixSettings;
      prices?: PriceBook;
      now: () => number;
    },
  ) {}

  /**
   * Keeps a read's result in memory for the read API, all at once (the
   * gzip of its node table too when given; else the reader makes it).
   */
  publish(entry: ClusterEntry, result: ClusterResult, started: number) {
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
    entry.refreshDurationMs = this.options.now() - started;
  }

  /** Stores the in-memory result for other replicas and restarts, and a history point when due. */
  async persist(entry: ClusterEntry, started: number) {
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
}
