import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { costSourcesExtensionPoint } from '@internal/plugin-cost-node';
import { readHetznerCostConfig } from './config';
import { HetznerCostSource } from './HetznerCostSource';

/**
 * Hetzner chain nodes as a source of cost: the catalog's chain-node
 * Resources priced per server type and volume. Adds nothing with
 * `cost.hetzner.enabled: false`.
 * @public
 */
export const costModuleHetzner = createBackendModule({
  pluginId: 'cost',
  moduleId: 'hetzner',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        sources: costSourcesExtensionPoint,
      },
      async init({ config, logger, auth, catalog, sources }) {
        const settings = readHetznerCostConfig(config);
        if (!settings.enabled) {
          return;
        }
        sources.addSource(
          new HetznerCostSource({
            settings,
            logger,
            chainNodes: async () =>
              (
                await catalog.getEntities(
                  { filter: { kind: 'Resource', 'spec.type': 'chain-node' } },
                  { credentials: await auth.getOwnServiceCredentials() },
                )
              ).items,
          }),
        );
      },
    });
  },
});
