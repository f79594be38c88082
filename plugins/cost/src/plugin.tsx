import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { costApiRef, CostClient } from './api';
import { costCardFilter } from './entityFilters';
import { rootRouteRef, teamRouteRef } from './routes';
import AttachMoneyIcon from '@mui/icons-material/AttachMoney';

const CostIcon = () => <AttachMoneyIcon fontSize="inherit" />;

const costApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new CostClient(deps),
    }),
});

const costPage = PageBlueprint.make({
  params: {
    path: '/cost',
    title: 'Cost',
    icon: <CostIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/CostPage').then(m => <m.CostPage />),
  },
});

const entityCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: costCardFilter,
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/**
 * Cost: the Cost page (platform, teams, clusters, sources, trend, movers),
 * each team's services and savings what-if, and a cost card on Group and
 * Component pages.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'cost',
  title: 'Cost',
  icon: <CostIcon />,
  extensions: [costApi, costPage, entityCostCard],
  routes: { root: rootRouteRef, team: teamRouteRef },
});
