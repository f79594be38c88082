import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The Cost page. */
export const rootRouteRef = createRouteRef();

/** One team's cost. */
export const teamRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/teams/:namespace/:name',
});

/** One service's cost. */
export const serviceRouteRef = createSubRouteRef({
  parent: rootRouteRef,
  path: '/services/:service',
});
