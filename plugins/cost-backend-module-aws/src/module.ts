import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { costSourcesExtensionPoint } from '@internal/plugin-cost-node';
import { AwsCostExplorerSource } from './AwsCostExplorerSource';
import { readAwsCostConfig } from './config';

/**
 * AWS Cost Explorer as a source of cost: daily cost grouped by the team and
 * service tags. Adds nothing without `cost.aws`.
 * @public
 */
export const costModuleAws = createBackendModule({
  pluginId: 'cost',
  moduleId: 'aws',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: costSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const settings = readAwsCostConfig(config);
        if (!settings) {
          return;
        }
        sources.addSource(new AwsCostExplorerSource({ settings, logger }));
      },
    });
  },
});
