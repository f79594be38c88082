import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  DirectoryPreparer,
  techdocsPreparerExtensionPoint,
} from '@backstage/plugin-techdocs-node';
import { LocalDirectoryPreparer } from './LocalDirectoryPreparer';
import { LocalSitesPrebuilder } from './LocalSitesPrebuilder';

/**
 * TechDocs from local folders: a `dir` preparer that builds from a copy of
 * the site, and a task that builds every local site and refreshes the search
 * index.
 *
 * @public
 */
export const techdocsModuleLocal = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'local',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        urlReader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        preparers: techdocsPreparerExtensionPoint,
      },
      async init(deps) {
        const { config, logger, urlReader, scheduler, preparers } = deps;
        preparers.registerPreparer(
          'dir',
          LocalDirectoryPreparer.create({
            fallback: DirectoryPreparer.fromConfig(config, {
              logger,
              reader: urlReader,
            }),
            scmIntegrations: ScmIntegrations.fromConfig(config),
            logger,
          }),
        );

        const prebuild = config.getOptionalConfig('techdocs.localPrebuild');
        const builder = config.getOptionalString('techdocs.builder') ?? 'local';
        if (
          builder !== 'local' ||
          prebuild?.getOptionalBoolean('enabled') === false
        ) {
          return;
        }
        const prebuilder = new LocalSitesPrebuilder(deps);
        await scheduler.scheduleTask({
          id: 'techdocs_local_prebuild',
          // Each instance publishes to its own disk on the local default.
          scope: 'local',
          frequency: prebuild?.has('frequency')
            ? readDurationFromConfig(prebuild, { key: 'frequency' })
            : { minutes: 10 },
          initialDelay: prebuild?.has('initialDelay')
            ? readDurationFromConfig(prebuild, { key: 'initialDelay' })
            : { seconds: 15 },
          timeout: { minutes: 15 },
          fn: async () => {
            await prebuilder.run();
          },
        });
      },
    });
  },
});
