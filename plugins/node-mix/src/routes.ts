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
