import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  fairnessPermissions,
  setCryptoPrimitives,
} from '@internal/plugin-fairness-common';
import { readFairnessConfig } from './config';
import { DatabaseFairnessStore } from './database/DatabaseFairnessStore';
import { createJsonRpcAnchor } from './clients/jsonRpcAnchor';
import { createFairnessLog } from './service/createFairnessLog';
import { EvidencePackBuilder } from './service/EvidencePackBuilder';
import { nodeCryptoPrimitives } from './service/nodeCrypto';
import { ReceiptBuilder } from './service/ReceiptBuilder';
import { createRouter } from './router';
import { loadSigner } from './service/signingKey';
import { TileReader } from './service/TileReader';
import { WitnessCosigner } from './service/WitnessCosigner';

/**
 * The provably-fair audit log backend plugin.
 *
 * @public
 */
export const fairnessPlugin = createBackendPlugin({
  pluginId: 'fairness',
  register(env) {
    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init(deps) {
        const { logger, httpRouter } = deps;
        deps.permissionsRegistry.addPermissions(fairnessPermissions);
        setCryptoPrimitives(nodeCryptoPrimitives);
        const config = readFairnessConfig(deps.rootConfig);
        const store = await DatabaseFairnessStore.create({
          database: deps.database,
        });
        const signer = loadSigner(deps.rootConfig, logger);
        if (!config.anchor) {
          logger.info(
            'fairness tree-head anchoring: not configured (fairness.anchor.rpcUrl)',
          );
        }
        const log = createFairnessLog({
          store,
          signer,
          logger,
          anchor:
            config.anchor && createJsonRpcAnchor({ ...config.anchor, logger }),
          witnesses:
            config.witnessing &&
            new WitnessCosigner(
              config.witnessing.witnesses,
              config.witnessing.quorum,
            ),
          checkpointIntervalMs: config.treeHeads.checkpointIntervalMs,
        });
        deps.lifecycle.addShutdownHook(() => log.close());

        // The writer: one replica at a time signs, cosigns and anchors.
        await deps.scheduler.scheduleTask({
          id: 'fairness_sign_tree_head',
          frequency: config.treeHeads.frequency,
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          scope: 'global',
          fn: async () => {
            const head = await log.treeHeads.publishCheckpoint();
            if (head)
              logger.info(
                `signed tree head ${head.id} of size ${head.treeSize}`,
              );
          },
        });

        // The router reads; its only writes are the game servers' ingest
        // and an auditor's sign-now.
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            logger,
            reader: log.reader,
            verifier: log.verifier,
            evidence: log.evidence,
            ingester: log.ingester,
            treeHeads: log.treeHeads,
            tiles: {
              reader: new TileReader(store, () =>
                log.reader.publishedTreeHead(),
              ),
              public: config.publicTiles,
            },
            receipts: new ReceiptBuilder(store, log.reader),
            packs: new EvidencePackBuilder(
              store,
              log.reader,
              signer,
              config.theoreticalRtp,
            ),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        if (config.publicTiles) {
          // Entry bundles under /tile/entries still require a principal:
          // the router checks it.
          httpRouter.addAuthPolicy({
            path: '/checkpoint',
            allow: 'unauthenticated',
          });
          httpRouter.addAuthPolicy({ path: '/tile', allow: 'unauthenticated' });
        }
      },
    });
  },
});
