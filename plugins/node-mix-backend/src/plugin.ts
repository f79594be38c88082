import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  nodeMixClusterChannel,
  nodeMixPermissions,
} from '@internal/plugin-node-mix-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { DatabaseSnapshotStore } from './database/DatabaseSnapshotStore';
import { registerNodeMixActions } from './service/actions';
import { readCatalogClusterOptions } from './service/catalogClusters';
import { CatalogClusterSync } from './service/CatalogClusterSync';
import { readClustersFromConfig } from './service/clusters';
import { FleetBuilder } from './service/fleet';
import { createCredentialProvider } from './clients/credentials';
import { NodeMixService } from './service/NodeMixService';
import { createPriceBook } from './service/prices';
import { createRouter } from './service/router';
import { readNodeMixSettings, readPriceSettings } from './config';

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
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        signals: signalsServiceRef,
        lifecycle: coreServices.lifecycle,
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
        auth,
        catalog,
        actionsRegistry,
        signals,
        lifecycle,
      }) {
        const settings = readNodeMixSettings(config);
        const store = await DatabaseSnapshotStore.create({ database });
        const service = new NodeMixService({
          clusters: readClustersFromConfig(config),
          credentials: createCredentialProvider(config),
          store,
          logger,
          settings,
          prices: await createPriceBook({
            database,
            logger,
            scheduler,
            settings,
            priceSettings: readPriceSettings(config, settings.defaultRegion),
          }),
          // no data in the signal: the page refetches with its own permissions
          onClusterChange: (cluster, version) =>
            void signals
              .publish({
                recipients: { type: 'broadcast' },
                channel: nodeMixClusterChannel(cluster),
                message: { cluster, version },
              })
              .catch(e => logger.warn(`Signal for '${cluster}' failed: ${e}`)),
        });
        await service.syncFromStore();
        service.watchAll();
        lifecycle.addShutdownHook(() => service.stopWatching());
        permissionsRegistry.addPermissions(nodeMixPermissions);

        // Clusters from the catalog (when the kubernetes config has a
        // `type: catalog` locator), on every replica: each serves reads.
        const catalogOptions = readCatalogClusterOptions(config);
        const catalogSync = catalogOptions
          ? new CatalogClusterSync({
              catalog,
              auth,
              logger,
              settings: catalogOptions,
              target: service,
            })
          : undefined;
        if (catalogSync && catalogOptions) {
          await scheduler.scheduleTask({
            id: 'node_mix_catalog_clusters',
            frequency: { seconds: catalogOptions.refreshIntervalSeconds },
            timeout: { minutes: 1 },
            scope: 'local',
            fn: () => catalogSync.sync(),
          });
        }
        const fleet = new FleetBuilder(
          service,
          () => catalogSync?.problems() ?? [],
        );
        registerNodeMixActions({
          actionsRegistry,
          permissions,
          source: {
            getClusterJson: name => service.getClusterJson(name),
            getNodesJson: name => service.getNodesJson(name),
            fleet: () => fleet.build(),
            getNodeDetail: (cluster, node, nodeClaim) =>
              service.getNodeDetail(cluster, node, nodeClaim),
            underutilizedThreshold: settings.underutilizedThreshold,
          },
        });

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
          // and clusters not followed yet (first list failed, new in the catalog) are tried again
          fn: async () => {
            await service.syncFromStore();
            service.watchAll();
          },
        });

        httpRouter.use(
          await createRouter({ service, httpAuth, permissions, fleet }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
