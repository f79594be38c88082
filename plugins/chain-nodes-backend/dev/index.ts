import { createBackend } from '@backstage/backend-defaults';

// Runs this plugin alone (`yarn start` in this folder) with the root
// app-config.yaml, e.g. to try its HTTP API or run its benchmark against it.
// The catalog comes along: the chain nodes to probe are its Resources.
// The portal itself composes every plugin in packages/backend/src/index.ts.
const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('../src'));
backend.start();
