import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { KubeObject } from '@internal/plugin-node-mix-common';
import { AllocationRow, HourAllocation } from './allocation';
import { CostSource } from './sources';

/** What a demo cluster looks like now, to replay its past from. @public */
export interface DemoBackfillRequest {
  cluster: string;
  /** First hour (ms, inclusive) and end (ms, exclusive). */
  start: number;
  end: number;
  nodes: number;
  pods: number;
  /** The services running now, with their namespaces. */
  services: Array<{ kubernetesId: string; namespace: string }>;
  /** Allocates one hour of the replayed cluster with the cost plugin's allocator. */
  allocate(objects: {
    nodes: KubeObject[];
    pods: KubeObject[];
  }): HourAllocation;
}

/**
 * Fills the past days of a demo cluster that has no history yet, so the
 * local default's Cost page has days to show. Only demo clusters are
 * backfilled, and only when a module provides this.
 * @public
 */
export interface CostDemoBackfill {
  /**
   * Every hour from `start` to `end`, allocated (`YYYY-MM-DDTHH`). Weeks of
   * hours take a while: implementations yield to the event loop between
   * hours, so the backend keeps answering requests meanwhile.
   */
  hours(request: DemoBackfillRequest): Promise<
    Array<{
      hour: string;
      rows: AllocationRow[];
    }>
  >;
}

/** @public */
export interface CostDemoBackfillExtensionPoint {
  setDemoBackfill(backfill: CostDemoBackfill): void;
}

/**
 * Where a module adds the demo backfill (model: the TechDocs preparer
 * extension point of `techdocs-backend-module-local`). The Kubernetes
 * module registers it, as only its source backfills: modules may provide
 * extension points to the other modules of their plugin, and the backend
 * initializes the demo backfill module before the Kubernetes module.
 * @public
 */
export const costDemoBackfillExtensionPoint =
  createExtensionPoint<CostDemoBackfillExtensionPoint>({
    id: 'cost.demo-backfill',
  });

/** @public */
export interface CostSourcesExtensionPoint {
  /** Adds a source of cost; one per source id. */
  addSource(source: CostSource): void;
}

/**
 * Where a module adds a source of cost (Kubernetes, AWS, Hetzner), shaped
 * like the catalog's `catalogProcessingExtensionPoint`: the cost plugin
 * keeps the store, schedules the sources it was given and records their
 * runs; without a source module it serves an empty Cost page.
 * @public
 */
export const costSourcesExtensionPoint =
  createExtensionPoint<CostSourcesExtensionPoint>({
    id: 'cost.sources',
  });
