import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  CostDemoBackfill,
  costDemoBackfillExtensionPoint,
  costSourcesExtensionPoint,
} from '@internal/plugin-cost-node';
import { nodeMixClientServiceRef } from '@internal/plugin-node-mix-node';
import { readKubernetesCostConfig } from './config';
import { KubernetesCostSource } from './KubernetesCostSource';

/**
 * Kubernetes compute as a source of cost: node-mix's priced nodes and pod
 * requests of every cluster, allocated to services and teams. Adds nothing
 * without clusters under `kubernetes.clusterLocatorMethods` or with
 * `cost.kubernetes.enabled: false`.
 * @public
 */
export const costModuleKubernetes = createBackendModule({
  pluginId: 'cost',
  moduleId: 'kubernetes',
  register(reg) {
    // Only this source backfills, so the demo backfill module extends it;
    // the backend initializes that module before this one.
    let demoBackfill: CostDemoBackfill | undefined;
    reg.registerExtensionPoint(costDemoBackfillExtensionPoint, {
      setDemoBackfill(backfill) {
        demoBackfill = backfill;
      },
    });
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        nodeMix: nodeMixClientServiceRef,
        sources: costSourcesExtensionPoint,
      },
      async init({ config, logger, nodeMix, sources }) {
        const settings = readKubernetesCostConfig(config);
        if (!settings.enabled) {
          return;
        }
        sources.addSource(
          new KubernetesCostSource({
            nodeMix,
            demoBackfill,
            logger,
            sampleIntervalMinutes: settings.sampleIntervalMinutes,
            backfillDays: settings.backfillDays,
            hourlyRetentionDays: settings.hourlyRetentionDays,
            share: settings.share,
          }),
        );
      },
    });
  },
});
