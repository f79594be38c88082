import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  costPermissions,
  costTeamReadPermission,
} from '@internal/plugin-cost-common';
import { nodeMixClientServiceRef } from '@internal/plugin-node-mix-node';
import {
  CostDemoBackfill,
  costDemoBackfillExtensionPoint,
} from '@internal/plugin-cost-node';
import { DatabaseCostStore } from './database/DatabaseCostStore';
import { CatalogOwners } from './service/CatalogOwners';
import { createCostService } from './service/createCostService';
import {
  costTeamResourceRef,
  isTeamMemberRule,
} from './service/permissionRules';
import { createRouter } from './service/router';

/**
 * The cost backend plugin: daily cost per team, service, cluster and source.
 * @public
 */
export const costPlugin = createBackendPlugin({
  pluginId: 'cost',
  register(env) {
    let demoBackfill: CostDemoBackfill | undefined;
    env.registerExtensionPoint(costDemoBackfillExtensionPoint, {
      setDemoBackfill(backfill) {
        demoBackfill = backfill;
      },
    });
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
        nodeMix: nodeMixClientServiceRef,
      },
      async init(deps) {
        const {
          config,
          logger,
          database,
          scheduler,
          httpRouter,
          httpAuth,
          auth,
          permissions,
          permissionsRegistry,
          catalog,
          notifications,
          nodeMix,
        } = deps;
        const store = await DatabaseCostStore.create({ database });
        const owners = new CatalogOwners({ catalog, auth });
        const { service, schedules } = createCostService({
          config,
          store,
          owners,
          logger,
          notifications,
          nodeMix,
          demoBackfill,
        });

        permissionsRegistry.addPermissions(costPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: costTeamResourceRef,
          permissions: [costTeamReadPermission],
          rules: [isTeamMemberRule],
          getResources: async refs => refs.map(teamRef => ({ teamRef })),
        });

        for (const s of schedules) {
          await scheduler.scheduleTask({
            id: `cost_import_${s.source}`,
            frequency: { minutes: s.intervalMinutes },
            timeout: { minutes: 15 },
            initialDelay: { seconds: 15 },
            scope: 'global',
            fn: () => service.runImport(s.source),
          });
        }

        httpRouter.use(
          await createRouter({ service, owners, httpAuth, permissions }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
