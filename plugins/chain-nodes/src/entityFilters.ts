import type { FilterPredicate } from '@backstage/filter-predicates';
import { CHAIN_NODE_RESOURCE_TYPE } from '@internal/plugin-chain-nodes-common';

/**
 * Where the plugin's entity tab and cards appear, as entity predicates: an
 * app can replace any of them under `app.extensions` (the extension's
 * `config.filter`) without a code change.
 */

/** Chain-node Resources: the "Node health" tab and the node status card. */
export const chainNodeFilter: FilterPredicate = {
  kind: 'resource',
  'spec.type': CHAIN_NODE_RESOURCE_TYPE,
};

/** The blockchain system, or any system tagged "blockchain": the chain summary card. */
export const blockchainSystemFilter: FilterPredicate = {
  $all: [
    { kind: 'system' },
    {
      $any: [
        { 'metadata.name': 'casino-blockchain' },
        { 'metadata.tags': { $contains: 'blockchain' } },
      ],
    },
  ],
};
