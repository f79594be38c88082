import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { ClusterEntries } from '../service/ClusterEntries';
import { NodeMixPoller, NodeMixPollerOptions } from '../service/NodeMixPoller';
import { NodeMixReader } from '../service/NodeMixReader';

/**
 * The poller and the reader over one in-memory state, wired as plugin.ts
 * wires them (tests and benchmarks).
 */
export function createNodeMix(
  options: Omit<NodeMixPollerOptions, 'clusters'> & {
    clusters: ClusterDetails[];
  },
): { poller: NodeMixPoller; reader: NodeMixReader } {
  const clusters = new ClusterEntries(options.clusters);
  const poller = new NodeMixPoller({ ...options, clusters });
  const reader = new NodeMixReader({
    clusters,
    store: options.store,
    credentials: options.credentials,
    settings: options.settings,
    prices: options.prices,
    writer: poller,
    now: options.now,
  });
  return { poller, reader };
}
