import {
  ClusterSummary,
  CostInputPod,
  NodeRow,
} from '@internal/plugin-node-mix-common';
import { costInputPods } from '../aggregation/podRecord';
import { ClusterAggregator } from '../aggregation';
import { NodeMixSettings } from '../config';
import {
  ClusterReadError,
  KubernetesClient,
} from '../clients/KubernetesClient';
import { PriceBook } from './PriceBook';

const POD_FIELD_SELECTOR = 'status.phase!=Succeeded,status.phase!=Failed';

/** One full read of a cluster, aggregated. */
export interface ClusterListing {
  summary: ClusterSummary;
  nodes: NodeRow[];
  version: { gitVersion?: string };
  pods: CostInputPod[];
}

/**
 * Lists a cluster's Nodes, Pods, Karpenter objects and PDBs once and
 * aggregates them (a cluster not followed with watches, and the benchmark).
 */
export async function listCluster(options: {
  cluster: string;
  client: KubernetesClient;
  settings: NodeMixSettings;
  prices?: PriceBook;
  now: () => number;
}): Promise<ClusterListing> {
  const { cluster, client: reader, settings, prices, now } = options;
  const version = await reader.version();
  const pricing = prices
    ? await prices.forCluster(cluster, reader)
    : { table: settings.priceTable, problems: [] };
  const agg = new ClusterAggregator({
    cluster,
    priceTable: pricing.table,
    spot: settings.spot,
    now: now(),
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
