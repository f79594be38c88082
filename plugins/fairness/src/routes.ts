import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The audit log page. */
export const rootRouteRef = createRouteRef();
