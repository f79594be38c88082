import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  fairnessPermissions,
  setCryptoPrimitives,
} from '@internal/plugin-fairness-common';
import { nodeCryptoPrimitives } from './service/nodeCrypto';
import { DatabaseFairnessStore } from './database/DatabaseFairnessStore';
import { FairnessLogService } from './service/FairnessLogService';
import { createJsonRpcAnchor } from './service/anchor';
import { createRouter } from './service/router';
import { EvidencePackBuilder } from './service/EvidencePackBuilder';
import { ReceiptBuilder } from './service/ReceiptBuilder';
import { TileReader } from './service/TileReader';
import { loadSigner } from './service/signingKey';
import { readTheoreticalRtp } from './service/theoreticalRtp';
import { WitnessCosigner, readWitnessConfig } from './service/WitnessCosigner';

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
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        lifecycle,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(fairnessPermissions);
        setCryptoPrimitives(nodeCryptoPrimitives);
        const rpcUrl = config.getOptionalString('fairness.anchor.rpcUrl');
        const store = await DatabaseFairnessStore.create({ database });
        const witnessing = readWitnessConfig(config);
        const signer = loadSigner(config, logger);
        const log = FairnessLogService.create({
          store,
          signer,
          logger,
          anchor: rpcUrl
            ? createJsonRpcAnchor({
                rpcUrl,
                from: config.getOptionalString('fairness.anchor.from'),
                logger,
              })
            : undefined,
          witnesses:
            witnessing &&
            new WitnessCosigner(witnessing.witnesses, witnessing.quorum),
          checkpointIntervalMs: config.has(
            'fairness.treeHeads.checkpointInterval',
          )
            ? durationToMilliseconds(
                readDurationFromConfig(
                  config.getConfig('fairness.treeHeads.checkpointInterval'),
                ),
              )
            : undefined,
        });
        lifecycle.addShutdownHook(() => log.close());
        if (!rpcUrl)
          logger.info(
            'fairness tree-head anchoring: not configured (fairness.anchor.rpcUrl)',
          );

        const frequency = config.has('fairness.treeHeads.frequency')
          ? readDurationFromConfig(
              config.getConfig('fairness.treeHeads.frequency'),
            )
          : { seconds: 30 };
        await scheduler.scheduleTask({
          id: 'fairness_sign_tree_head',
          frequency,
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          scope: 'global',
          fn: async () => {
            const head = await log.publishCheckpoint();
            if (head)
              logger.info(
                `signed tree head ${head.id} of size ${head.treeSize}`,
              );
          },
        });

        const publicTiles =
          config.getOptionalBoolean('fairness.tiles.public') ?? false;
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            log,
            logger,
            tiles: {
              reader: new TileReader(store, () => log.publishedTreeHead()),
              public: publicTiles,
            },
            receipts: new ReceiptBuilder(store, log),
            packs: new EvidencePackBuilder(
              store,
              log,
              signer,
              readTheoreticalRtp(config),
            ),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        if (publicTiles) {
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
