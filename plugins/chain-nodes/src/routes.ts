import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Chain nodes fleet page. */
export const rootRouteRef = createRouteRef();
