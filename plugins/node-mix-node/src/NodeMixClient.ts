import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterCostInput,
  ClusterStatus,
} from '@internal/plugin-node-mix-common';

/**
 * What other backend plugins read from node-mix. node-mix reads each
 * cluster once; Cost and Clusters then show numbers from that one read.
 * @public
 */
export interface NodeMixClient {
  /** Every cluster node-mix reads, with its state. */
  listClusters(): Promise<ClusterStatus[]>;
  /** Priced nodes and pod requests of a cluster's latest read. */
  getCostInput(cluster: string): Promise<ClusterCostInput>;
  /**
   * The prices node-mix uses, without any cluster's NodeOverlays: live AWS
   * prices with their dates, configured discounts, the shipped table as
   * fallback (for estimates of capacity not yet running).
   */
  getPricing(): Promise<ClusterCostInput['pricing']>;
}

/**
 * Calls the node-mix backend over HTTP as the calling plugin (its own
 * service credentials, a token for `node-mix`), the way
 * `DefaultNotificationService` of `@backstage/plugin-notifications-node`
 * calls notifications.
 * @public
 */
export class DefaultNodeMixClient implements NodeMixClient {
  static create(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    fetch?: typeof fetch;
  }): DefaultNodeMixClient {
    return new DefaultNodeMixClient(
      options.auth,
      options.discovery,
      options.fetch,
    );
  }

  private constructor(
    private readonly auth: AuthService,
    private readonly discovery: DiscoveryService,
    private readonly fetchImpl?: typeof fetch,
  ) {}

  async listClusters(): Promise<ClusterStatus[]> {
    const body = await this.request<{ items: ClusterStatus[] }>('/clusters');
    return body.items;
  }

  getCostInput(cluster: string): Promise<ClusterCostInput> {
    return this.request<ClusterCostInput>(
      `/clusters/${encodeURIComponent(cluster)}/cost-input`,
    );
  }

  getPricing(): Promise<ClusterCostInput['pricing']> {
    return this.request<ClusterCostInput['pricing']>('/prices');
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('node-mix');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'node-mix',
    });
    const doFetch = this.fetchImpl ?? fetch;
    const response = await doFetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
