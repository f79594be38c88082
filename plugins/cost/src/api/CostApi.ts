import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  BudgetStatus,
  CostSummary,
  EntityCost,
} from '@internal/plugin-cost-common';

/** Reads cost from the cost backend. @public */
export interface CostApi {
  getSummary(days: number): Promise<CostSummary>;
  getTeam(namespace: string, name: string, days: number): Promise<EntityCost>;
  getEntity(entityRef: string, days: number): Promise<EntityCost>;
  /** One service's cost by its `backstage.io/kubernetes-id`. */
  getService(service: string, days: number): Promise<EntityCost>;
  getBudgets(): Promise<{ items: BudgetStatus[] }>;
}

/** @public */
export const costApiRef = createApiRef<CostApi>({ id: 'plugin.cost.service' });
