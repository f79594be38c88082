import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The Clusters page. */
export const rootRouteRef = createRouteRef();

/** One cluster's page. */
export const clusterRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:cluster',
});

/** One NodePool of a cluster. */
export const nodePoolRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/:cluster/nodepools/:pool',
});

/** The fleet page: every cluster at once. */
export const fleetRouteRef = createRouteRef();
