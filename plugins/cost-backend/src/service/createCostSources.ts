import { LoggerService } from '@backstage/backend-plugin-api';
import { NodeMixClient } from '@internal/plugin-node-mix-node';
import { CostDemoBackfill } from '@internal/plugin-cost-node';
import { CostConfig } from '../config';
import { CostStore } from '../database/CostStore';
import { AwsCostExplorerSource } from '../sources/AwsCostExplorerSource';
import { HetznerCostSource } from '../sources/HetznerCostSource';
import { KubernetesCostSource } from '../sources/KubernetesCostSource';
import { CatalogOwners } from './CatalogOwners';

/** The sources the config turns on; an absent one is not configured. */
export interface CostSources {
  kubernetes?: KubernetesCostSource;
  aws?: AwsCostExplorerSource;
  hetzner?: HetznerCostSource;
}

/** Builds the configured sources, which write to the store. */
export function createCostSources(options: {
  config: CostConfig;
  store: CostStore;
  owners: Pick<CatalogOwners, 'chainNodes'>;
  logger: LoggerService;
  /** node-mix's reads of the clusters (node-mix-node). */
  nodeMix: NodeMixClient;
  demoBackfill?: CostDemoBackfill;
  now?: () => number;
}): CostSources {
  const { config, store, owners, logger, nodeMix, demoBackfill, now } = options;
  return {
    kubernetes:
      config.kubernetes.enabled && config.kubernetes.hasClusters
        ? new KubernetesCostSource({
            nodeMix,
            demoBackfill,
            store,
            logger,
            backfillDays: config.kubernetes.backfillDays,
            hourlyRetentionDays: config.kubernetes.hourlyRetentionDays,
            share: config.share,
            now,
          })
        : undefined,
    aws: config.aws
      ? new AwsCostExplorerSource({ settings: config.aws, store, logger, now })
      : undefined,
    hetzner: config.hetzner.enabled
      ? new HetznerCostSource({
          settings: config.hetzner,
          store,
          logger,
          chainNodes: () => owners.chainNodes(),
          now,
        })
      : undefined,
  };
}
