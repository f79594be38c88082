/** One read route the benchmark loads. */
export type BenchRoute = {
  name: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent without a token (the built app's index.html). */
  anonymous?: boolean;
  /** Only the production build serves it (the dev app runs on webpack). */
  productionOnly?: boolean;
};

/**
 * The custom plugins' read routes, the catalog, and the first request each
 * page makes (Clusters lists clusters, Cost reads budgets, the Audit log its
 * tree heads; the rest are in the first list already).
 */
export const ROUTES: BenchRoute[] = [
  {
    name: 'node-mix cluster',
    path: '/api/node-mix/clusters/demo-eks-dev',
  },
  {
    name: 'node-mix nodes (gzip)',
    path: '/api/node-mix/clusters/demo-eks-dev/nodes',
    headers: { 'accept-encoding': 'gzip' },
  },
  { name: 'cost summary', path: '/api/cost/summary?days=30' },
  { name: 'chain-nodes nodes', path: '/api/chain-nodes/nodes' },
  { name: 'fairness rounds', path: '/api/fairness/rounds?limit=50' },
  {
    name: 'catalog by-query',
    path: '/api/catalog/entities/by-query?limit=50',
  },
  { name: 'page: clusters list', path: '/api/node-mix/clusters' },
  { name: 'page: cost budgets', path: '/api/cost/budgets' },
  { name: 'page: audit tree heads', path: '/api/fairness/tree-heads?limit=5' },
  {
    name: 'page: index.html',
    path: '/',
    anonymous: true,
    productionOnly: true,
  },
];
