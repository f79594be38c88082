import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultNodeMixClient, NodeMixClient } from './NodeMixClient';

/**
 * node-mix for other backend plugins: `deps: { nodeMix: nodeMixClientServiceRef }`.
 * The default factory calls the node-mix backend over HTTP; no backend
 * plugin imports node-mix-backend.
 * @public
 */
export const nodeMixClientServiceRef = createServiceRef<NodeMixClient>({
  id: 'node-mix.client',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { auth: coreServices.auth, discovery: coreServices.discovery },
      factory: ({ auth, discovery }) =>
        DefaultNodeMixClient.create({ auth, discovery }),
    }),
});
