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
import { createCredentialProvider } from './clients/credentials';
import { readNodeMixConfig } from './config';
import { DatabaseSnapshotStore } from './database/DatabaseSnapshotStore';
import { registerNodeMixActions } from './service/actions';
import { CatalogClusterSync } from './service/CatalogClusterSync';
import { ClusterEntries } from './service/ClusterEntries';
import { FleetBuilder } from './service/fleet';
import { NodeMixPoller } from './service/NodeMixPoller';
import { NodeMixReader } from './service/NodeMixReader';
import { createPriceBook } from './service/prices';
import { createRouter } from './router';

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
      async init(deps) {
        const { logger, scheduler } = deps;
        const config = readNodeMixConfig(deps.config);
        const { settings } = config;
        const store = await DatabaseSnapshotStore.create({
          database: deps.database,
        });
        const prices = await createPriceBook({
          database: deps.database,
          logger,
          scheduler,
          settings,
          priceSettings: config.pricing,
        });
        const credentials = createCredentialProvider(deps.config);

        // Writer (lists, watches, stores) apart from the reader the router
        // gets: cluster API -> poller -> memory and store -> reader -> router.
        const clusters = new ClusterEntries(config.clusters);
        const poller = new NodeMixPoller({
          clusters,
          credentials,
          store,
          logger,
          settings,
          prices,
          // no data in the signal: the page refetches with its own permissions
          onClusterChange: (cluster, version) =>
            void deps.signals
              .publish({
                recipients: { type: 'broadcast' },
                channel: nodeMixClusterChannel(cluster),
                message: { cluster, version },
              })
              .catch(e => logger.warn(`Signal for '${cluster}' failed: ${e}`)),
        });
        const reader = new NodeMixReader({
          clusters,
          store,
          credentials,
          settings,
          prices,
          writer: poller,
        });

        await poller.syncFromStore();
        poller.watchAll();
        deps.lifecycle.addShutdownHook(() => poller.stopWatching());
        deps.permissionsRegistry.addPermissions(nodeMixPermissions);

        // Clusters from the catalog (when the kubernetes config has a
        // `type: catalog` locator), on every replica: each serves reads.
        const catalogOptions = config.catalogClusters;
        const catalogSync = catalogOptions
          ? new CatalogClusterSync({
              catalog: deps.catalog,
              auth: deps.auth,
              logger,
              settings: catalogOptions,
              target: poller,
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
        await scheduler.scheduleTask({
          id: 'node_mix_refresh',
          frequency: { seconds: settings.refreshIntervalSeconds },
          // short, so a replica that died mid-refresh does not hold the lock for long
          timeout: { minutes: 3 },
          initialDelay: { seconds: 2 },
          scope: 'global',
          fn: () => poller.refreshAll(),
        });
        // Replicas that did not run the refresh pick its result up here.
        await scheduler.scheduleTask({
          id: 'node_mix_sync',
          frequency: { seconds: settings.refreshIntervalSeconds },
          timeout: { minutes: 2 },
          scope: 'local',
          // and clusters not followed yet (first list failed, new in the catalog) are tried again
          fn: async () => {
            await poller.syncFromStore();
            poller.watchAll();
          },
        });

        const fleet = new FleetBuilder(
          reader,
          () => catalogSync?.problems() ?? [],
        );
        registerNodeMixActions({
          actionsRegistry: deps.actionsRegistry,
          permissions: deps.permissions,
          source: {
            getClusterJson: name => reader.getClusterJson(name),
            getNodesJson: name => reader.getNodesJson(name),
            fleet: () => fleet.build(),
            getNodeDetail: (cluster, node, nodeClaim) =>
              reader.getNodeDetail(cluster, node, nodeClaim),
            underutilizedThreshold: settings.underutilizedThreshold,
          },
        });
        deps.httpRouter.use(
          await createRouter({
            reader,
            fleet,
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
