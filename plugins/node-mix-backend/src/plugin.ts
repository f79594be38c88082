import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { nodeMixPermissions } from '@internal/plugin-node-mix-common';
import { DatabaseSnapshotStore } from './database/DatabaseSnapshotStore';
import { readClustersFromConfig } from './service/clusters';
import { createCredentialProvider } from './service/credentials';
import { NodeMixService } from './service/NodeMixService';
import { createRouter } from './service/router';
import { readNodeMixSettings } from './service/settings';

/**
 * The node-mix backend plugin: node mix, cost and consolidation of every
 * cluster in the portal's `kubernetes` config.
 * @public
 */
export const nodeMixPlugin = createBackendPlugin({
  pluginId: 'node-mix',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
      }) {
        const settings = readNodeMixSettings(config);
        const store = await DatabaseSnapshotStore.create({ database });
        const service = new NodeMixService({
          clusters: readClustersFromConfig(config),
          credentials: createCredentialProvider(config),
          store,
          logger,
          settings,
        });
        await service.syncFromStore();
        permissionsRegistry.addPermissions(nodeMixPermissions);

        await scheduler.scheduleTask({
          id: 'node_mix_refresh',
          frequency: { seconds: settings.refreshIntervalSeconds },
          // short, so a replica that died mid-refresh does not hold the lock for long
          timeout: { minutes: 3 },
          initialDelay: { seconds: 2 },
          scope: 'global',
          fn: () => service.refreshAll(),
        });
        // Replicas that did not run the refresh pick its result up here.
        await scheduler.scheduleTask({
          id: 'node_mix_sync',
          frequency: { seconds: settings.refreshIntervalSeconds },
          timeout: { minutes: 2 },
          scope: 'local',
          fn: () => service.syncFromStore(),
        });

        httpRouter.use(await createRouter({ service, httpAuth, permissions }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
