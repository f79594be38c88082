import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterHistory,
  ClusterNodes,
  ClusterStatus,
  Fleet,
  HistoryWindow,
  NodeDetail,
  NodePoolDetail,
  WorkloadPods,
} from '@internal/plugin-node-mix-common';
import { NodeMixApi } from './NodeMixApi';

/** {@link NodeMixApi} over the backend's HTTP API. @public */
export class NodeMixClient implements NodeMixApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listClusters(): Promise<ClusterStatus[]> {
    const { items } = await this.request<{ items: ClusterStatus[] }>(
      '/clusters',
    );
    return items;
  }

  getFleet(): Promise<Fleet> {
    return this.request('/fleet');
  }

  getCluster(name: string): Promise<ClusterStatus> {
    return this.request(`/clusters/${encodeURIComponent(name)}`);
  }

  getNodes(name: string): Promise<ClusterNodes> {
    return this.request(`/clusters/${encodeURIComponent(name)}/nodes`);
  }

  getHistory(name: string, window: HistoryWindow): Promise<ClusterHistory> {
    return this.request(
      `/clusters/${encodeURIComponent(name)}/history?${new URLSearchParams({
        window,
      })}`,
    );
  }

  getNodeDetail(
    cluster: string,
    node: string,
    nodeClaim?: string,
  ): Promise<NodeDetail> {
    const query = nodeClaim ? `?${new URLSearchParams({ nodeClaim })}` : '';
    return this.request(
      `/clusters/${encodeURIComponent(cluster)}/nodes/${encodeURIComponent(
        node,
      )}${query}`,
    );
  }

  getNodePoolDetail(cluster: string, pool: string): Promise<NodePoolDetail> {
    return this.request(
      `/clusters/${encodeURIComponent(cluster)}/nodepools/${encodeURIComponent(
        pool,
      )}`,
    );
  }

  getWorkloadPods(
    cluster: string,
    kubernetesId: string,
  ): Promise<WorkloadPods> {
    return this.request(
      `/clusters/${encodeURIComponent(cluster)}/workloads/${encodeURIComponent(
        kubernetesId,
      )}/pods`,
    );
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('node-mix');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
