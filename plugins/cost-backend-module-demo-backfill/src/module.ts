import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { costDemoBackfillExtensionPoint } from '@internal/plugin-cost-node';
import { generateDemoHours } from './generateDemoHours';

/**
 * Fills a demo cluster's past days by replaying the demo cluster's model,
 * when `cost.demoBackfill.enabled` is set (the local default). Production
 * leaves it off, and the cost plugin itself never loads the demo cluster.
 * @public
 */
export const costModuleDemoBackfill = createBackendModule({
  pluginId: 'cost',
  moduleId: 'demo-backfill',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        backfill: costDemoBackfillExtensionPoint,
      },
      async init({ config, logger, backfill }) {
        if (!config.getOptionalBoolean('cost.demoBackfill.enabled')) {
          return;
        }
        logger.info('Demo clusters without history are backfilled');
        backfill.setDemoBackfill({
          hours: request =>
            generateDemoHours({
              ...request,
              nodes: Math.max(1, request.nodes),
              pods: Math.max(1, request.pods),
            }),
        });
      },
    });
  },
});
