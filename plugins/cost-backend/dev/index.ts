import { createBackend } from '@backstage/backend-defaults';

// Runs this plugin alone (`yarn start` in this folder) with the root
// app-config.yaml, e.g. to try its HTTP API or run its benchmark against it,
// with the source modules the portal adds. The portal itself composes every
// plugin in packages/backend/src/index.ts.
const backend = createBackend();
backend.add(import('../src'));
backend.add(import('@internal/plugin-cost-backend-module-kubernetes'));
backend.add(import('@internal/plugin-cost-backend-module-aws'));
backend.add(import('@internal/plugin-cost-backend-module-hetzner'));
backend.add(import('@internal/plugin-cost-backend-module-demo-backfill'));
backend.start();
