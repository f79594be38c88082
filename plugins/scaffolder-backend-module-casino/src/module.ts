import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readCasinoScaffolderConfig } from './config';
import { LocalGitRepos } from './git/LocalGitRepos';
import { createConfigAction } from './actions/config';
import { createCheckNameAction, createRegisterAction } from './actions/catalog';
import {
  createPublishLocalBranchAction,
  createPublishLocalRepoAction,
} from './actions/publishLocal';
import { createInfraValidateAction } from './actions/infraValidate';
import { createCostEstimateAction } from './actions/costEstimate';
import { createHetznerAddNodeAction } from './actions/hetznerAddNode';
import { createKarpenterEnableNodePoolAction } from './actions/karpenterNodePool';
import { createAssertNewPathAction } from './actions/assertNewPath';
import { withoutServerPaths } from './actions/serverPaths';
import { defaultInfraValidator } from './infra/defaultValidator';
import { ec2PriceTable } from './cost/ec2Prices';

/**
 * The casino platform's scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleCasino = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'casino',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, catalog, urlReader, auth }) {
        const settings = readCasinoScaffolderConfig(config);
        const repos = new LocalGitRepos(settings.local);
        const actions = [
          createConfigAction({ config: settings, repos }),
          createCheckNameAction({ catalog }),
          createRegisterAction({ catalog, repos, urlReader, auth }),
          createPublishLocalRepoAction({ repos }),
          createPublishLocalBranchAction({ repos }),
          createInfraValidateAction({ validate: defaultInfraValidator }),
          createCostEstimateAction({ ec2Prices: ec2PriceTable }),
          createHetznerAddNodeAction(),
          createKarpenterEnableNodePoolAction(),
          createAssertNewPathAction(),
        ];
        scaffolder.addActions(
          ...actions.map(a => withoutServerPaths(a, settings.local)),
        );
      },
    });
  },
});
