import { describeExchangeRate, HETZNER_PRICES } from '@internal/pricing';
import {
  COST_SOURCES,
  CostSourceId,
  CostSourceStatus,
} from '@internal/plugin-cost-common';
import { CostConfig } from '../config';
import { CostStore } from '../database/CostStore';
import { KubernetesSamples } from '../sources/KubernetesCostSource';

/**
 * Every source as the Sources panel shows it: configured or how to turn it
 * on, its last import and unpriced items from the store, and the node price
 * sources of this process's latest Kubernetes samples.
 */
export async function sourceStatuses(options: {
  store: CostStore;
  config: CostConfig;
  /** The Kubernetes source's latest samples; set when it is configured. */
  kubernetes?: KubernetesSamples;
}): Promise<CostSourceStatus[]> {
  const { store, config, kubernetes } = options;
  const runs = new Map((await store.listRuns()).map(r => [r.source, r]));
  const detail: Record<CostSourceId, { configured: boolean; detail: string }> =
    {
      kubernetes: kubernetes
        ? {
            configured: true,
            detail: `Clusters ${kubernetes.clusterNames.join(
              ', ',
            )}, sampled every ${
              config.kubernetes.sampleIntervalMinutes
            } min with the node-mix price table`,
          }
        : {
            configured: false,
            detail:
              'No clusters under kubernetes.clusterLocatorMethods, or cost.kubernetes.enabled is false',
          },
      aws: config.aws
        ? {
            configured: true,
            detail: `GetCostAndUsage in ${config.aws.region}, grouped by tags ${config.aws.teamTag}/${config.aws.serviceTag}`,
          }
        : {
            configured: false,
            detail:
              'Set cost.aws (region, and credentials or an instance role) to import AWS Cost Explorer',
          },
      hetzner: config.hetzner.enabled
        ? {
            configured: true,
            detail: `${
              config.hetzner.token
                ? 'Server type prices from the Hetzner Cloud API'
                : `Server type prices from ${HETZNER_PRICES.id} (no cost.hetzner.token)`
            }, volumes included; EUR converted at ${describeExchangeRate({
              eurToUsd: config.hetzner.eurToUsd,
              source: 'cost.hetzner.eurToUsd',
            })}`,
          }
        : { configured: false, detail: 'cost.hetzner.enabled is false' },
    };
  return Promise.all(
    COST_SOURCES.map(async s => {
      const run = runs.get(s.id);
      return {
        id: s.id,
        title: s.title,
        ...detail[s.id],
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
        ...(s.id === 'kubernetes' && kubernetes?.priceSources
          ? { prices: kubernetes.priceSources() }
          : {}),
      };
    }),
  );
}
