import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { CHAIN_NODE_RESOURCE_TYPE } from '@internal/plugin-chain-nodes-common';
import { chainNodesApiRef, ChainNodesClient } from './api';
import { rootRouteRef } from './routes';
import LinkIcon from '@mui/icons-material/Link';

const ChainIcon = () => <LinkIcon fontSize="inherit" />;

const isChainNode = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
  (entity.spec as { type?: string } | undefined)?.type ===
    CHAIN_NODE_RESOURCE_TYPE;

// The blockchain system, or any system tagged "blockchain".
const isBlockchainSystem = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'system' &&
  (entity.metadata.name === 'casino-blockchain' ||
    (entity.metadata.tags ?? []).includes('blockchain'));

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
    filter: isChainNode,
    loader: () =>
      import('./components/NodeHealthContent').then(m => (
        <m.NodeHealthContent />
      )),
  },
});

const nodeStatusCard = EntityCardBlueprint.make({
  name: 'node-status',
  params: {
    filter: isChainNode,
    loader: () =>
      import('./components/NodeStatusCard').then(m => <m.NodeStatusCard />),
  },
});

const chainSummaryCard = EntityCardBlueprint.make({
  name: 'chain-summary',
  params: {
    filter: isBlockchainSystem,
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
