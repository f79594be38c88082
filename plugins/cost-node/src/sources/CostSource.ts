import { CostSourceId, CostSourceStatus } from '@internal/plugin-cost-common';
import { CostSink } from './CostSink';

/** What the cost plugin hands a source on every import. @public */
export interface CostImportContext {
  /** Where the source writes its rows. */
  sink: CostSink;
  /**
   * `backstage.io/kubernetes-id` (or component name) and `namespace/<ns>`
   * -> owning group ref, from the catalog once it has settled.
   */
  serviceOwners(): Promise<Map<string, string>>;
}

/** How one import went; the plugin records it as the source's last run. @public */
export interface CostImportResult {
  /** The days written. */
  days: string[];
  rows: number;
  /** Items without a price, by kind (instance or server type). */
  unpriced?: Record<string, number>;
  /** Set when part of the import failed but the rest was written. */
  error?: string;
}

/** What a configured source shows on the Sources panel. @public */
export interface CostSourceReport {
  /** What it reads, in a sentence. */
  detail: string;
  /** Where the node prices of its latest samples came from (Kubernetes). */
  prices?: NonNullable<CostSourceStatus['prices']>;
}

/**
 * A source of cost that a backend module adds through
 * `costSourcesExtensionPoint`; a module adds one only when its config turns
 * it on. The cost plugin schedules `import` every `intervalMinutes`, once
 * across replicas, and records how it went.
 * @public
 */
export interface CostSource {
  readonly id: CostSourceId;
  /** Minutes between imports. */
  readonly intervalMinutes: number;
  /** Writes the source's latest cost to `context.sink`; throws when nothing could be imported. */
  import(context: CostImportContext): Promise<CostImportResult>;
  report(): CostSourceReport;
}
