import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ChainNodeDetails,
  ChainNodeFleet,
  ChainNodeHistory,
  ChainNodeHistoryWindow,
} from '@internal/plugin-chain-nodes-common';

/** Reads chain-node health from the chain-nodes backend. @public */
export interface ChainNodesApi {
  getFleet(): Promise<ChainNodeFleet>;
  getNode(entityRef: string): Promise<ChainNodeDetails>;
  getHistory(
    entityRef: string,
    window: ChainNodeHistoryWindow,
  ): Promise<ChainNodeHistory>;
}

/** @public */
export const chainNodesApiRef = createApiRef<ChainNodesApi>({
  id: 'plugin.chain-nodes.service',
});
