import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { chainNodesPermissions } from '@internal/plugin-chain-nodes-common';
import { readChainNodesConfig } from './config';
import { DatabaseChainNodesStore } from './database/DatabaseChainNodesStore';
import { HetznerCloudClient } from '@internal/hetzner-cloud';
import { ChainNodesPoller } from './service/ChainNodesPoller';
import { ChainNodesReader } from './service/ChainNodesReader';
import { createRouter } from './router';

/**
 * Chain-node health: probes the chain nodes in the catalog (and Hetzner
 * Cloud), keeps their history and serves it to the Chain nodes pages.
 *
 * @public
 */
export const chainNodesPlugin = createBackendPlugin({
  pluginId: 'chain-nodes',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const config = readChainNodesConfig(deps.config);
        const store = await DatabaseChainNodesStore.create({
          database: deps.database,
        });
        // Writer (scheduled, one instance cluster-wide) apart from the reader
        // the router gets: probes -> store -> router -> pages.
        const poller = new ChainNodesPoller({
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
          config,
          notifications: deps.notifications,
          hetzner:
            config.hetzner &&
            new HetznerCloudClient({
              baseUrl: config.hetzner.baseUrl,
              token: config.hetzner.token,
            }),
        });
        const reader = new ChainNodesReader({
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          hetznerConfigured: Boolean(config.hetzner),
          cacheTtlMs: config.probeIntervalSeconds * 1000,
        });

        deps.permissionsRegistry.addPermissions(chainNodesPermissions);
        await deps.scheduler.scheduleTask({
          id: 'chain_nodes_probe',
          scope: 'global',
          frequency: { seconds: config.probeIntervalSeconds },
          timeout: { seconds: Math.max(60, config.probeIntervalSeconds * 4) },
          initialDelay: { seconds: 3 },
          fn: async () => {
            const summary = await poller.runProbeCycle();
            reader.invalidate();
            deps.logger.debug(
              `Chain-node probe cycle: ${JSON.stringify(summary)}`,
            );
          },
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            reader,
          }),
        );
      },
    });
  },
});
