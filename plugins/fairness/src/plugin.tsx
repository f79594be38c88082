import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { FairnessClient, fairnessApiRef } from './api';
import { rootRouteRef } from './routes';

const ScaleIcon = () => (
  <svg
    viewBox="0 0 24 24"
    width="1em"
    height="1em"
    fill="currentColor"
    aria-hidden="true"
  >
    <path d="M12 3 4 7v2h16V7l-8-4zm-7 8v7H3v2h18v-2h-2v-7h-2v7h-3v-7h-2v7H9v-7H7v7H7 5v-7z" />
  </svg>
);

const fairnessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: fairnessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new FairnessClient(deps),
    }),
});

const auditLogPage = PageBlueprint.make({
  params: {
    path: '/fairness',
    title: 'Audit log',
    icon: <ScaleIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/FairnessRoutes').then(m => <m.FairnessRoutes />),
  },
});

/**
 * Provably-fair audit log: search rounds, three-check round verification,
 * seed and range verification with progress, evidence export.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'fairness',
  extensions: [fairnessApi, auditLogPage],
  routes: { root: rootRouteRef },
});
