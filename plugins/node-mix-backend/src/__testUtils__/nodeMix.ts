import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { Knex } from 'knex';
import { createCredentialProvider } from '../clients/credentials';
import { readNodeMixSettings } from '../config';
import { DatabaseSnapshotStore } from '../database/DatabaseSnapshotStore';
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

/**
 * The poller and reader over a real snapshot store on `knex`, with the
 * settings the demo-cluster tests share: 50 objects a page, a 1.5 s request
 * timeout (under the slow demo cluster's 2 s, well above a loaded machine's
 * page time) and a 60 % default spot discount.
 */
export async function createNodeMixOnDatabase(options: {
  knex: Knex;
  clusters: ClusterDetails[];
  now: () => number;
}) {
  const store = await DatabaseSnapshotStore.create({
    database: mockServices.database.mock({
      getClient: async () => options.knex,
    }),
  });
  const { poller, reader } = createNodeMix({
    clusters: options.clusters,
    credentials: createCredentialProvider(new ConfigReader({})),
    store,
    logger: mockServices.logger.mock(),
    settings: readNodeMixSettings(
      new ConfigReader({
        nodeMix: {
          requestTimeoutSeconds: 1.5,
          pageSize: 50,
          pricing: { spot: { defaultDiscount: 0.6 } },
        },
      }),
    ),
    now: options.now,
  });
  return { poller, reader, store };
}
