import { NotFoundError } from '@backstage/errors';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  ClusterCostInput,
  ClusterHeadline,
  ClusterStatus,
  CostInputPod,
} from '@internal/plugin-node-mix-common';
import { NodeMixSettings } from '../config';
import { ClusterInformer } from './ClusterInformer';
import { LiveAggregation } from './LiveAggregation';

/** One cluster in memory: what the poller last published, and how it follows the cluster. */
export interface ClusterEntry {
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

/**
 * The clusters node-mix knows and their latest results, in this process:
 * written by {@link NodeMixPoller} (lists, watches, the store), read by
 * {@link NodeMixReader}. The live aggregation stays in memory on purpose:
 * every replica follows its clusters and serves reads from its own cache.
 */
export class ClusterEntries {
  private readonly entries = new Map<string, ClusterEntry>();

  /** Starts with the clusters of the `kubernetes` config, none read yet. */
  constructor(configClusters: ClusterDetails[] = []) {
    for (const details of configClusters) {
      this.entries.set(details.name, {
        details,
        source: 'config',
        demo: false,
        state: 'pending',
      });
    }
  }

  get(name: string): ClusterEntry | undefined {
    return this.entries.get(name);
  }

  set(entry: ClusterEntry): void {
    this.entries.set(entry.details.name, entry);
  }

  delete(name: string): void {
    this.entries.delete(name);
  }

  all(): ClusterEntry[] {
    return [...this.entries.values()];
  }

  /** A cluster's entry: its last published result; 404 for a cluster node-mix does not know. */
  find(name: string): ClusterEntry {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new NotFoundError(`Unable to find cluster '${name}'`);
    }
    return entry;
  }

  /** A cluster's entry with a node table; 404 (with the last error) before its first good read. */
  findWithNodes(name: string): ClusterEntry {
    const entry = this.find(name);
    if (!entry.nodesJson) {
      throw new NotFoundError(
        `No snapshot of cluster '${name}' yet${
          entry.error ? `: ${entry.error}` : ''
        }`,
      );
    }
    return entry;
  }
}
