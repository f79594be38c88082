import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CostSourceId } from '@internal/plugin-cost-common';
import { NodeMixClient } from '@internal/plugin-node-mix-node';
import { CostDemoBackfill } from '@internal/plugin-cost-node';
import { CostStore } from '../database/CostStore';
import { AwsCostExplorerSource } from '../sources/AwsCostExplorerSource';
import { HetznerCostSource } from '../sources/HetznerCostSource';
import { KubernetesCostSource } from '../sources/KubernetesCostSource';
import { CatalogOwners } from './CatalogOwners';
import { CostService } from './CostService';
import { readCostSettings } from './settings';

/** Builds the service and its sources from config; lists what to schedule. */
export function createCostService(options: {
  config: RootConfigService;
  store: CostStore;
  owners: CatalogOwners;
  logger: LoggerService;
  notifications?: NotificationService;
  /** node-mix's reads of the clusters (node-mix-node). */
  nodeMix: NodeMixClient;
  demoBackfill?: CostDemoBackfill;
  now?: () => number;
}): {
  service: CostService;
  schedules: Array<{ source: CostSourceId; intervalMinutes: number }>;
} {
  const { config, store, owners, logger, notifications, nodeMix, now } =
    options;
  const { demoBackfill } = options;
  const settings = readCostSettings(config);
  const schedules: Array<{ source: CostSourceId; intervalMinutes: number }> =
    [];
  // node-mix reads the clusters of the Kubernetes config
  const hasClusters = (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  ).some(m => (m.getOptionalConfigArray('clusters') ?? []).length > 0);
  let kubernetes: KubernetesCostSource | undefined;
  if (settings.kubernetes.enabled && hasClusters) {
    kubernetes = new KubernetesCostSource({
      nodeMix,
      demoBackfill,
      store,
      logger,
      backfillDays: settings.kubernetes.backfillDays,
      hourlyRetentionDays: settings.kubernetes.hourlyRetentionDays,
      share: settings.share,
      now,
    });
    schedules.push({
      source: 'kubernetes',
      intervalMinutes: settings.kubernetes.sampleIntervalMinutes,
    });
  }
  const aws = settings.aws
    ? new AwsCostExplorerSource({ settings: settings.aws, store, logger, now })
    : undefined;
  if (settings.aws)
    schedules.push({
      source: 'aws',
      intervalMinutes: settings.aws.intervalMinutes,
    });
  const hetzner = settings.hetzner.enabled
    ? new HetznerCostSource({
        settings: settings.hetzner,
        store,
        logger,
        chainNodes: () => owners.chainNodes(),
        now,
      })
    : undefined;
  if (hetzner)
    schedules.push({
      source: 'hetzner',
      intervalMinutes: settings.hetzner.intervalMinutes,
    });
  return {
    service: new CostService({
      store,
      settings,
      owners,
      logger,
      kubernetes,
      aws,
      hetzner,
      notifications,
      now,
    }),
    schedules,
  };
}
