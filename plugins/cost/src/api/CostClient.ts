import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  BudgetStatus,
  CostSummary,
  EntityCost,
} from '@internal/plugin-cost-common';
import { CostApi } from './CostApi';

/** {@link CostApi} over the backend's HTTP API. @public */
export class CostClient implements CostApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getSummary(days: number): Promise<CostSummary> {
    return this.request(
      `/summary?${new URLSearchParams({ days: String(days) })}`,
    );
  }

  getTeam(namespace: string, name: string, days: number): Promise<EntityCost> {
    return this.request(
      `/teams/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}?${new URLSearchParams({ days: String(days) })}`,
    );
  }

  getEntity(entityRef: string, days: number): Promise<EntityCost> {
    return this.request(
      `/entity?${new URLSearchParams({ entityRef, days: String(days) })}`,
    );
  }

  getService(service: string, days: number): Promise<EntityCost> {
    return this.request(
      `/services/${encodeURIComponent(service)}?${new URLSearchParams({
        days: String(days),
      })}`,
    );
  }

  getBudgets(): Promise<{ items: BudgetStatus[] }> {
    return this.request('/budgets');
  }

  private async request<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('cost');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
