/*
 * The casino platform portal's backend (new backend system).
 * Each feature plugin is one `backend.add` line; configuration lives in
 * app-config*.yaml and each plugin's config.d.ts.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Root router: defaults, a scaffolder dry-run body cap, and error responses
// without body excerpts or (in production) internal details.
backend.add(import('./modules/rootHttpRouter'));

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@internal/plugin-scaffolder-backend-module-casino'));

// techdocs
backend.add(import('@backstage/plugin-techdocs-backend'));
// local sites: build from a copy, prebuild on start so search has the docs
backend.add(import('@internal/plugin-techdocs-backend-module-local'));

// auth: guest on the local default; GitHub or OIDC in production
// (app-config.production.yaml), both resolving to catalog users.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
// chain-node Resources only from the repository's own catalog locations
backend.add(import('./modules/catalogTrustedResources'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: the portal's own policy (roles from catalog groups)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));
// each user's decisions reused for 10 s instead of a round trip per request
backend.add(import('./modules/cachedPermissions'));
// each user token's signature verified once a minute, not on every request
backend.add(import('./modules/cachedUserTokens'));

// search: PostgreSQL engine when on PostgreSQL, Lunr otherwise
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
// docs results name their page ("Scale patterns › Consolidation")
backend.add(import('./modules/techdocsSearchTitles'));

// events bus shared by catalog, signals and notifications
backend.add(import('@backstage/plugin-events-backend'));

// kubernetes, and the node mix of the same clusters
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@internal/plugin-node-mix-backend'));

// cost per team, service, cluster and source; each source is a module that
// adds itself only when its config turns it on
backend.add(import('@internal/plugin-cost-backend'));
// node-mix's priced nodes and pod requests, allocated to services and teams
backend.add(import('@internal/plugin-cost-backend-module-kubernetes'));
// AWS Cost Explorer, when cost.aws is set
backend.add(import('@internal/plugin-cost-backend-module-aws'));
// Hetzner chain nodes, unless cost.hetzner.enabled is false
backend.add(import('@internal/plugin-cost-backend-module-hetzner'));
// Replays the demo cluster's past days only where cost.demoBackfill.enabled
// is set (app-config.yaml, the local default); production leaves it off.
backend.add(import('@internal/plugin-cost-backend-module-demo-backfill'));

// user settings, notifications, signals
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// chain-node health (Hetzner chain nodes, JSON-RPC probes)
backend.add(import('@internal/plugin-chain-nodes-backend'));

// provably-fair audit log of game rounds
backend.add(import('@internal/plugin-fairness-backend'));

// mcp actions
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
