import { ClusterSummary, NodeRow } from '@internal/plugin-node-mix-common';
import { AggregationOptions, ClusterAggregator } from '../aggregation';
import { ClusterInformer, InformerChange } from './ClusterInformer';

/** Pods added to a new aggregator between yields to the event loop. */
const BUILD_BATCH = 5_000;

/** Options of {@link LiveAggregation}. */
export interface LiveAggregationOptions {
  informer: Pick<ClusterInformer, 'objects' | 'podRecords' | 'problems'>;
  /** Everything but the clock, which each finish is given. */
  aggregation: Omit<AggregationOptions, 'now'>;
  /** Warnings about prices, shown before the cluster's own. */
  priceProblems?: string[];
}

/**
 * A followed cluster's aggregate, kept up to date by each watch event: an
 * event adjusts only the sums of the node and objects it touches, so a
 * change costs O(changed objects); {@link LiveAggregation.finish} then
 * costs O(nodes) and serializes again only the node rows that changed.
 * The result is the same, to the byte, as aggregating the watch cache from
 * scratch (see its test).
 */
export class LiveAggregation {
  private agg?: ClusterAggregator;
  /** A kind was listed again (or nothing was built yet): build from the cache. */
  private stale = true;
  /** Changes that arrive while the aggregator is being built, applied after. */
  private queue?: InformerChange[];
  /** A blocking PDB changed: pods are matched again before the next finish. */
  private pdbsChanged = false;
  private building?: Promise<void>;
  private priceProblems: string[];

  constructor(private readonly options: LiveAggregationOptions) {
    this.priceProblems = options.priceProblems ?? [];
  }

  /** Whether {@link LiveAggregation.build} must run before the next finish. */
  get needsBuild(): boolean {
    return this.stale || !this.agg;
  }

  /** One watch event (or a relist) of the cluster's informer. */
  apply(change: InformerChange): void {
    if (this.queue) {
      this.queue.push(change);
    } else if (change.type === 'RELISTED') {
      this.stale = true;
    } else if (!this.stale && this.agg) {
      this.applyTo(this.agg, change);
    }
  }

  private applyTo(agg: ClusterAggregator, change: InformerChange) {
    if (change.type === 'RELISTED') {
      this.stale = true;
      return;
    }
    switch (change.kind) {
      case 'nodes':
        agg.updateNode(change.previous, change.next);
        break;
      case 'pods':
        agg.updatePod(change.previous, change.next);
        break;
      case 'pdbs':
        if (agg.setObject('pdbs', change.key, change.next)) {
          this.pdbsChanged = true;
        }
        break;
      default:
        agg.setObject(change.kind, change.key, change.next);
    }
  }

  /**
   * Builds the aggregator from the watch cache (after the first list, or a
   * relist), yielding to the event loop between batches of pods; changes
   * arriving meanwhile are applied after. Joins a build under way.
   */
  build(): Promise<void> {
    this.building ??= this.doBuild().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private async doBuild(): Promise<void> {
    this.queue = [];
    this.stale = false;
    try {
      const objects = this.options.informer.objects();
      const agg = new ClusterAggregator({
        ...this.options.aggregation,
        now: Date.now(),
      });
      agg.addNodes(objects.nodes);
      agg.addNodePools(objects.nodePools);
      agg.addNodeClaims(objects.nodeClaims);
      agg.addNodeClasses(objects.nodeClasses);
      agg.addPdbs(objects.pdbs);
      const pods = objects.pods;
      for (let i = 0; i < pods.length; i += BUILD_BATCH) {
        if (i > 0) await new Promise(resolve => setImmediate(resolve));
        const end = Math.min(pods.length, i + BUILD_BATCH);
        for (let j = i; j < end; j++) agg.updatePod(undefined, pods[j]);
      }
      this.agg = agg;
      this.pdbsChanged = false;
      for (const change of this.queue) this.applyTo(agg, change);
    } finally {
      this.queue = undefined;
    }
  }

  /** New prices (the scheduled refresh): every node is priced again, O(nodes). */
  setPricing(pricing: {
    table: AggregationOptions['priceTable'];
    problems: string[];
  }): void {
    this.priceProblems = pricing.problems;
    this.options.aggregation.priceTable = pricing.table;
    if (this.agg && this.agg.priceTable !== pricing.table) {
      this.agg.setPriceTable(pricing.table);
    }
  }

  /** The summary and node table now (the JSON of the table as served). */
  finish(
    cluster: string,
    now: number,
  ): { summary: ClusterSummary; nodes: NodeRow[]; nodesJson: string } {
    const agg = this.agg;
    if (!agg || this.stale) {
      throw new Error('LiveAggregation.finish before build');
    }
    if (this.pdbsChanged) {
      agg.rematchPdbs(this.options.informer.podRecords());
      this.pdbsChanged = false;
    }
    const { summary, nodes } = agg.finish(now);
    summary.warnings.unshift(
      ...this.priceProblems,
      ...this.options.informer.problems(),
    );
    const nodesJson = `{"cluster":${JSON.stringify(
      cluster,
    )},"generatedAt":${JSON.stringify(
      summary.generatedAt,
    )},"items":${agg.rowsJson()}}`;
    return { summary, nodes, nodesJson };
  }
}
