import {
  COST_SOURCES,
  CostSourceId,
  CostSourceStatus,
} from '@internal/plugin-cost-common';
import { CostSource } from '@internal/plugin-cost-node';
import { CostStore } from '../database/CostStore';

/** How to turn on a source no module added, for the Sources panel. */
const NOT_CONFIGURED: Record<CostSourceId, string> = {
  kubernetes:
    'Add @internal/plugin-cost-backend-module-kubernetes, with clusters under kubernetes.clusterLocatorMethods and cost.kubernetes.enabled not false',
  aws: 'Add @internal/plugin-cost-backend-module-aws and set cost.aws (region, and credentials or an instance role) to import AWS Cost Explorer',
  hetzner:
    'Add @internal/plugin-cost-backend-module-hetzner, with cost.hetzner.enabled not false',
};

/**
 * Every source as the Sources panel shows it: what an added source reports
 * (what it reads, where its node prices came from) or how to turn it on,
 * and its last import and unpriced items from the store.
 */
export async function sourceStatuses(options: {
  store: CostStore;
  /** The sources the modules added. */
  sources: CostSource[];
}): Promise<CostSourceStatus[]> {
  const { store, sources } = options;
  const runs = new Map((await store.listRuns()).map(r => [r.source, r]));
  return Promise.all(
    COST_SOURCES.map(async s => {
      const run = runs.get(s.id);
      const report = sources.find(source => source.id === s.id)?.report();
      return {
        id: s.id,
        title: s.title,
        configured: report !== undefined,
        detail: report?.detail ?? NOT_CONFIGURED[s.id],
        lastImport: run
          ? {
              at: run.at,
              ok: run.ok,
              error: run.error,
              days: run.days,
              rows: run.rows,
            }
          : undefined,
        unpriced: run?.unpriced
          ? {
              count: Object.values(run.unpriced).reduce((a, b) => a + b, 0),
              byKind: run.unpriced,
            }
          : undefined,
        demo: await store.anyDemo(s.id),
        ...(report?.prices ? { prices: report.prices } : {}),
      };
    }),
  );
}
