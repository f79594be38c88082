import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { FairnessClient, fairnessApiRef } from './api';
import { rootRouteRef } from './routes';
import AccountBalanceIcon from '@mui/icons-material/AccountBalance';

const ScaleIcon = () => <AccountBalanceIcon fontSize="inherit" />;

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
