import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  costPermissions,
  CostSourceId,
  costTeamReadPermission,
} from '@internal/plugin-cost-common';
import {
  CostSource,
  costSourcesExtensionPoint,
} from '@internal/plugin-cost-node';
import { readCostConfig } from './config';
import { DatabaseCostStore } from './database/DatabaseCostStore';
import { CatalogOwners } from './service/CatalogOwners';
import { collectCostSources } from './service/collectCostSources';
import { CostPoller } from './service/CostPoller';
import { CostReader } from './service/CostReader';
import {
  costTeamResourceRef,
  isTeamMemberRule,
} from './service/permissionRules';
import { createRouter } from './router';

/**
 * The cost backend plugin: daily cost per team, service, cluster and source.
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    // Filled by the source modules, which initialize before the plugin.
    const sources: CostSource[] = [];
    env.registerExtensionPoint(
      costSourcesExtensionPoint,
      collectCostSources(sources),
    );
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const config = readCostConfig(deps.config);
        const store = await DatabaseCostStore.create({
          database: deps.database,
        });
        const owners = new CatalogOwners({
          catalog: deps.catalog,
          auth: deps.auth,
        });
        // Writer (scheduled, one instance cluster-wide) apart from the reader
        // the router gets: source modules -> poller -> store -> reader -> router.
        const poller = new CostPoller({
          store,
          config,
          owners,
          logger: deps.logger,
          sources,
          notifications: deps.notifications,
        });
        const reader = new CostReader({ store, config, sources });
        // An import, scheduled or asked for, drops the reader's cached views.
        const importSource = async (source: CostSourceId) => {
          try {
            await poller.runImport(source);
          } finally {
            reader.invalidate();
          }
        };

        deps.permissionsRegistry.addPermissions(costPermissions);
        deps.permissionsRegistry.addResourceType({
          resourceRef: costTeamResourceRef,
          permissions: [costTeamReadPermission],
          rules: [isTeamMemberRule],
          getResources: async refs => refs.map(teamRef => ({ teamRef })),
        });

        for (const s of poller.schedules) {
          await deps.scheduler.scheduleTask({
            id: `cost_import_${s.source}`,
            frequency: { minutes: s.intervalMinutes },
            timeout: { minutes: 15 },
            initialDelay: { seconds: 15 },
            scope: 'global',
            fn: () => importSource(s.source),
          });
        }

        deps.httpRouter.use(
          await createRouter({
            reader,
            importSource,
            owners,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
