import { createBackend } from '@backstage/backend-defaults';

// Runs the scaffolder with only this module (`yarn start` in this folder) and
// the root app-config.yaml, e.g. to try an action through
// POST /api/scaffolder/v2/dry-run. Templates come from the catalog, so the
// catalog backend is added too. The portal composes everything in
// packages/backend/src/index.ts.
const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('../src'));
backend.start();
