import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { chainNodesApiRef, ChainNodesClient } from './api';
import { blockchainSystemFilter, chainNodeFilter } from './entityFilters';
import { rootRouteRef } from './routes';
import LinkIcon from '@mui/icons-material/Link';

const ChainIcon = () => <LinkIcon fontSize="inherit" />;

const chainNodesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: chainNodesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ChainNodesClient(deps),
    }),
});

const fleetPage = PageBlueprint.make({
  params: {
    path: '/chain-nodes',
    title: 'Chain nodes',
    icon: <ChainIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/FleetPage').then(m => <m.FleetPage />),
  },
});

const nodeHealthContent = EntityContentBlueprint.make({
  name: 'node-health',
  params: {
    path: '/health',
    title: 'Node health',
    filter: chainNodeFilter,
    loader: () =>
      import('./components/NodeHealthContent').then(m => (
        <m.NodeHealthContent />
      )),
  },
});

const nodeStatusCard = EntityCardBlueprint.make({
  name: 'node-status',
  params: {
    filter: chainNodeFilter,
    loader: () =>
      import('./components/NodeStatusCard').then(m => <m.NodeStatusCard />),
  },
});

const chainSummaryCard = EntityCardBlueprint.make({
  name: 'chain-summary',
  params: {
    filter: blockchainSystemFilter,
    loader: () =>
      import('./components/ChainSummaryCard').then(m => <m.ChainSummaryCard />),
  },
});

/**
 * Chain nodes: fleet page, entity card and "Node health" tab for chain-node
 * Resources, and a summary card on the blockchain system's page.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'chain-nodes',
  title: 'Chain nodes',
  icon: <ChainIcon />,
  extensions: [
    chainNodesApi,
    fleetPage,
    nodeHealthContent,
    nodeStatusCard,
    chainSummaryCard,
  ],
  routes: { root: rootRouteRef },
});
