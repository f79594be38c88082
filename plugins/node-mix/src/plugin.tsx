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
import { kubernetesClusterFilter, kubernetesIdFilter } from './entityFilters';
import { nodeMixApiRef, NodeMixClient } from './api';
import {
  clusterRouteRef,
  fleetRouteRef,
  nodePoolRouteRef,
  rootRouteRef,
} from './routes';
import DnsIcon from '@mui/icons-material/Dns';
import PublicIcon from '@mui/icons-material/Public';

const ClustersIcon = () => <DnsIcon fontSize="inherit" />;

const nodeMixApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: nodeMixApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new NodeMixClient(deps),
    }),
});

const clustersPage = PageBlueprint.make({
  params: {
    path: '/clusters',
    title: 'Clusters',
    icon: <ClustersIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/ClustersPage').then(m => <m.ClustersPage />),
  },
});

const FleetIcon = () => <PublicIcon fontSize="inherit" />;

const fleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/fleet',
    title: 'Fleet',
    icon: <FleetIcon />,
    routeRef: fleetRouteRef,
    loader: () => import('./components/FleetPage').then(m => <m.FleetPage />),
  },
});

const clusterEntityContent = EntityContentBlueprint.make({
  name: 'cluster-node-mix',
  params: {
    path: '/node-mix',
    title: 'Node mix',
    filter: kubernetesClusterFilter,
    loader: () =>
      import('./components/ClusterEntityContent').then(m => (
        <m.ClusterEntityContent />
      )),
  },
});

const podPlacementCard = EntityCardBlueprint.make({
  name: 'pod-placement',
  params: {
    filter: kubernetesIdFilter,
    loader: () =>
      import('./components/PodPlacementCard').then(m => <m.PodPlacementCard />),
  },
});

/**
 * Node mix: a Clusters page (card per cluster, then the cluster's mix,
 * cost, what-if, history, Karpenter state and node table), a Fleet page
 * (every cluster at once, each failing on its own) and a "Node mix"
 * tab on kubernetes-cluster Resources,
 * and a card on components with a kubernetes-id listing their pods' nodes.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'node-mix',
  title: 'Clusters',
  icon: <ClustersIcon />,
  extensions: [
    nodeMixApi,
    clustersPage,
    fleetPage,
    clusterEntityContent,
    podPlacementCard,
  ],
  routes: {
    root: rootRouteRef,
    cluster: clusterRouteRef,
    fleet: fleetRouteRef,
    nodePool: nodePoolRouteRef,
  },
});
