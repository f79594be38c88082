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
import { nodeMixApiRef, NodeMixClient } from './api';
import {
  clusterRouteRef,
  fleetRouteRef,
  nodePoolRouteRef,
  rootRouteRef,
} from './routes';

const ClustersIcon = () => (
  <svg
    viewBox="0 0 24 24"
    width="1em"
    height="1em"
    fill="currentColor"
    aria-hidden="true"
  >
    <path d="M4 4h7v7H4V4zm9 0h7v7h-7V4zM4 13h7v7H4v-7zm9 0h7v7h-7v-7z" />
  </svg>
);

const isKubernetesCluster = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
  (entity.spec as { type?: string } | undefined)?.type === 'kubernetes-cluster';

const hasKubernetesId = (entity: Entity) =>
  Boolean(entity.metadata.annotations?.['backstage.io/kubernetes-id']);

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

const FleetIcon = () => (
  <svg
    viewBox="0 0 24 24"
    width="1em"
    height="1em"
    fill="currentColor"
    aria-hidden="true"
  >
    <path d="M3 5h18v4H3V5zm0 5h18v4H3v-4zm0 5h18v4H3v-4z" />
  </svg>
);

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
    filter: isKubernetesCluster,
    loader: () =>
      import('./components/ClusterEntityContent').then(m => (
        <m.ClusterEntityContent />
      )),
  },
});

const podPlacementCard = EntityCardBlueprint.make({
  name: 'pod-placement',
  params: {
    filter: hasKubernetesId,
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
