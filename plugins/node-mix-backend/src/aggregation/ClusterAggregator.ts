import {
  ClusterSummary,
  ConsolidationCandidate,
  KubeObject,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { podRecord, PodRecord } from './podRecord';
import { PriceTable } from '@internal/pricing';
import { byString } from './byString';
import {
  activeZeroBudgets,
  consolidationCandidateOf,
  consolidationOf,
} from './consolidation';
import { claimIssuesOf } from './nodeClaims';
import { nodeClassesOf } from './nodeClasses';
import { nodePoolUsageOf } from './nodePools';
import { nodeRowOf } from './nodeRows';
import { NodeAccumulator, nodeAccumulator } from './nodes';
import { objectKey } from './objectKey';
import { blockingPdbsOf } from './pdbs';
import { PodSums } from './pods';
import { priceSourcesOf, spotSourceOf } from './priceSources';
import { MixRollup } from './rollups';
import { AggregationOptions } from './types';
import { Warnings } from './Warnings';
import { whatIfOf } from './whatIf';

/**
 * Builds a cluster's node mix, costs, consolidation candidates and
 * NodeClaim/NodePool state from its objects.
 *
 * Two ways to feed it, one result: page by page (add nodes, NodePools,
 * NodeClaims and PDBs before pods, then {@link ClusterAggregator.finish}),
 * or kept for a followed cluster and updated per watch event
 * ({@link ClusterAggregator.updateNode}, {@link ClusterAggregator.updatePod},
 * {@link ClusterAggregator.setObject}), which adjusts only the sums of the
 * nodes the event touches. Pods are summed per node in whole millicores and
 * bytes, and everything drawn from several pods is put in a fixed order at
 * {@link ClusterAggregator.finish}, so the result does not depend on the
 * order objects arrived in: after any sequence of events it is the same, to
 * the byte, as aggregating the resulting objects from scratch.
 */
export class ClusterAggregator {
  private readonly nodes = new Map<string, NodeAccumulator>();
  private readonly namelessNodes: string[] = [];
  private readonly pods = new PodSums();
  private readonly objects = {
    nodePools: new Map<string, KubeObject>(),
    nodeClaims: new Map<string, KubeObject>(),
    nodeClasses: new Map<string, KubeObject>(),
    pdbs: new Map<string, KubeObject>(),
  };
  /** PDBs changed after pods were added: {@link ClusterAggregator.rematchPdbs} first. */
  private pdbMatchesStale = false;
  private readonly threshold: number;
  private table: PriceTable;
  private blockingPdbsKey = '';
  private lastRows: NodeAccumulator[] = [];

  constructor(private readonly options: AggregationOptions) {
    this.threshold = options.underutilizedThreshold ?? 0.5;
    this.table = options.priceTable;
  }

  addNodes(items: KubeObject[]): void {
    for (const node of items) {
      this.updateNode(undefined, node);
    }
  }

  /**
   * A node added (`previous` undefined), changed, or deleted (`next`
   * undefined). A changed node keeps its place in the table.
   */
  updateNode(previous: KubeObject | undefined, next: KubeObject | undefined) {
    const name = next?.metadata?.name;
    if (next && !name) {
      this.namelessNodes.push(JSON.stringify(next).slice(0, 60));
    } else if (next && name) {
      this.nodes.set(name, this.nodeAccumulator(next, name));
    }
    const old = previous?.metadata?.name;
    if (old && old !== name) {
      this.nodes.delete(old);
    }
  }

  /** The price table the nodes are priced with. */
  get priceTable(): PriceTable {
    return this.table;
  }

  /** Prices every node again (the scheduled refresh read new prices). */
  setPriceTable(table: PriceTable): void {
    this.table = table;
    for (const [name, acc] of this.nodes) {
      this.nodes.set(name, this.nodeAccumulator(acc.source, name));
    }
  }

  private nodeAccumulator(node: KubeObject, name: string): NodeAccumulator {
    return nodeAccumulator(node, name, {
      table: this.table,
      spot: this.options.spot,
      defaultRegion: this.options.defaultRegion,
    });
  }

  addNodePools(items: KubeObject[]): void {
    for (const o of items) this.setObject('nodePools', objectKey(o), o);
  }

  addNodeClaims(items: KubeObject[]): void {
    for (const o of items) this.setObject('nodeClaims', objectKey(o), o);
  }

  addNodeClasses(items: KubeObject[]): void {
    for (const o of items) this.setObject('nodeClasses', objectKey(o), o);
  }

  /** PodDisruptionBudgets; only those allowing no disruption matter here. */
  addPdbs(items: KubeObject[]): void {
    for (const o of items) this.setObject('pdbs', objectKey(o), o);
  }

  /**
   * Sets (or with `object` undefined, deletes) a NodePool, NodeClaim,
   * EC2NodeClass or PDB by its {@link objectKey}. There are few of them;
   * what depends on them is worked out at finish. Returns true when the
   * PDBs that block disruption changed; after pods were added, that needs
   * {@link ClusterAggregator.rematchPdbs} before the next finish.
   */
  setObject(
    kind: 'nodePools' | 'nodeClaims' | 'nodeClasses' | 'pdbs',
    key: string,
    object: KubeObject | undefined,
  ): boolean {
    if (object) {
      this.objects[kind].set(key, object);
    } else {
      this.objects[kind].delete(key);
    }
    if (kind !== 'pdbs') {
      return false;
    }
    const blocking = blockingPdbsOf(this.objects.pdbs.values());
    if (blocking.key === this.blockingPdbsKey) {
      return false;
    }
    this.pods.setBlockingPdbs(blocking.byNamespace);
    this.blockingPdbsKey = blocking.key;
    if (this.pods.byNode.size > 0) this.pdbMatchesStale = true;
    return true;
  }

  /** Matches every pod against the PDBs again (after a PDB changed). */
  rematchPdbs(pods: Iterable<PodRecord>): void {
    this.pods.rematchPdbs(pods);
    this.pdbMatchesStale = false;
  }

  /** Adds pods; returns their records (what the cost input is made of). */
  addPods(items: KubeObject[]): PodRecord[] {
    const records = items.map(podRecord);
    for (const r of records) this.updatePod(undefined, r);
    return records;
  }

  /** A pod added (`previous` undefined), changed, or deleted (`next` undefined). */
  updatePod(previous: PodRecord | undefined, next: PodRecord | undefined) {
    if (previous) this.pods.apply(previous, -1);
    if (next) this.pods.apply(next, 1);
  }

  /**
   * The node table of the last {@link ClusterAggregator.finish} as a JSON
   * array, each row serialized once and kept until it changes.
   */
  rowsJson(): string {
    let out = '[';
    for (let i = 0; i < this.lastRows.length; i++) {
      const acc = this.lastRows[i];
      acc.json ??= JSON.stringify(acc.row);
      out += i === 0 ? acc.json : `,${acc.json}`;
    }
    return `${out}]`;
  }

  /** The summary and node table of what was added, as of `now` (default: the option's). */
  finish(now: number = this.options.now): {
    summary: ClusterSummary;
    nodes: NodeRow[];
  } {
    if (this.pdbMatchesStale) {
      throw new Error('PDBs changed: call rematchPdbs before finish');
    }
    const warnings = new Warnings();
    const rollup = new MixRollup();
    const nodePools = [...this.objects.nodePools.values()].filter(
      p => p.metadata?.name,
    );
    const poolsByName = new Map(nodePools.map(p => [p.metadata!.name!, p]));
    const budgetBlocks = new Map(
      nodePools.map(p => [p.metadata!.name!, activeZeroBudgets(p, now)]),
    );
    const claimsByNode = new Map<string, KubeObject>();
    for (const claim of this.objects.nodeClaims.values()) {
      const nodeName = claim.status?.nodeName;
      if (nodeName) {
        claimsByNode.set(nodeName, claim);
      }
    }
    const candidates: ConsolidationCandidate[] = [];
    const rows: NodeRow[] = [];
    const accs: NodeAccumulator[] = [];

    for (const example of this.namelessNodes) {
      warnings.add('node without a name', example);
    }
    for (const acc of this.nodes.values()) {
      for (const [kind, example] of acc.problems) warnings.add(kind, example);
    }
    for (const id of [...this.pods.problems.keys()].sort(byString)) {
      for (const [kind, example] of this.pods.problems.get(id)!) {
        warnings.add(kind, example);
      }
    }
    const unknownNodes: string[] = [];
    for (const name of this.pods.byNode.keys()) {
      if (!this.nodes.has(name)) unknownNodes.push(name);
    }
    for (const name of unknownNodes.sort(byString)) {
      warnings.add(
        'pods on a node the API did not list',
        `${this.pods.byNode.get(name)!.count} pods on ${name}`,
      );
    }

    for (const acc of this.nodes.values()) {
      const stats = this.pods.byNode.get(acc.base.name);
      const claim = claimsByNode.get(acc.base.name);
      const row = nodeRowOf(acc, stats, claim, this.threshold);
      rows.push(row);
      accs.push(acc);
      rollup.add(row);
      const candidate = consolidationCandidateOf(
        acc,
        row,
        stats,
        claim,
        poolsByName,
        budgetBlocks,
      );
      if (candidate) candidates.push(candidate);
    }
    this.lastRows = accs;
    const consolidation = consolidationOf(candidates);

    const { totals } = rollup;
    const pricedTotal = totals.costPerHour;
    const nodePoolUsage = nodePoolUsageOf(
      nodePools,
      rows,
      budgetBlocks,
      warnings,
    );

    return {
      summary: {
        cluster: this.options.cluster,
        generatedAt: new Date(now).toISOString(),
        totals,
        mix: rollup.mix(),
        gravitonShare: rollup.gravitonShare(),
        spotShare: rollup.spotShare(),
        pods: this.pods.count,
        pendingPods: this.pods.pendingPods(),
        whatIf: whatIfOf(
          rows,
          pricedTotal,
          this.table,
          this.options.spot,
          name => this.nodes.get(name)!.region,
        ),
        consolidation,
        nodeClaims: {
          total: this.objects.nodeClaims.size,
          issues: claimIssuesOf(
            this.objects.nodeClaims.values(),
            this.nodes,
            now,
            this.options.expiringWithinHours,
          ),
        },
        nodePools: nodePoolUsage,
        pricing: {
          tableId: this.table.id,
          asOf: this.table.asOf,
          source: this.table.source,
          regions: Object.keys(this.table.onDemand),
          spotSource: spotSourceOf(this.options.spot),
          ...priceSourcesOf(rows, this.table),
        },
        nodeClasses: nodeClassesOf(this.objects.nodeClasses.values()),
        warnings: warnings.list(),
      },
      nodes: rows,
    };
  }
}
