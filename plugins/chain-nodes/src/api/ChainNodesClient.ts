import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ChainNodeDetails,
  ChainNodeFleet,
  ChainNodeHistory,
  ChainNodeHistoryWindow,
} from '@internal/plugin-chain-nodes-common';
import { ChainNodesApi } from './ChainNodesApi';

/** {@link ChainNodesApi} over the backend's HTTP API. @public */
export class ChainNodesClient implements ChainNodesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getFleet(): Promise<ChainNodeFleet> {
    return this.request('/nodes');
  }

  getNode(entityRef: string): Promise<ChainNodeDetails> {
    return this.request(`/node?${new URLSearchParams({ entityRef })}`);
  }

  getHistory(
    entityRef: string,
    window: ChainNodeHistoryWindow,
  ): Promise<ChainNodeHistory> {
    return this.request(
      `/node/history?${new URLSearchParams({ entityRef, window })}`,
    );
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('chain-nodes');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
