import {
  coreServices,
  createBackendModule,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readCasinoScaffolderConfig } from './config';
import { LocalGitRepos } from './git/LocalGitRepos';
import { createConfigAction } from './actions/config';
import { createCheckNameAction, createRegisterAction } from './actions/catalog';
import { createCheckReferencesAction } from './actions/checkReferences';
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
import { DEFAULT_EXCHANGE_RATE, parseExchangeRate } from '@internal/pricing';
import { nodeMixClientServiceRef } from '@internal/plugin-node-mix-node';
import { nodeMixPrices } from './cost/nodeMixPrices';

/** The Cost page's EUR to USD rate, so estimates and the page agree. */
function exchangeRate(config: RootConfigService) {
  const rate = config.getOptionalString('cost.hetzner.eurToUsd');
  return rate
    ? parseExchangeRate(rate, 'cost.hetzner.eurToUsd')
    : DEFAULT_EXCHANGE_RATE;
}

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
        nodeMix: nodeMixClientServiceRef,
      },
      async init({ scaffolder, config, catalog, urlReader, auth, nodeMix }) {
        const settings = readCasinoScaffolderConfig(config);
        const repos = new LocalGitRepos(settings.local);
        const actions = [
          createConfigAction({ config: settings, repos }),
          createCheckNameAction({ catalog }),
          createCheckReferencesAction({ catalog }),
          createRegisterAction({ catalog, repos, urlReader, auth }),
          createPublishLocalRepoAction({ repos }),
          createPublishLocalBranchAction({ repos }),
          createInfraValidateAction({ validate: defaultInfraValidator }),
          createCostEstimateAction({
            ec2Prices: nodeMixPrices(nodeMix),
            exchangeRate: exchangeRate(config),
          }),
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
