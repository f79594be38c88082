import { createBackend } from '@backstage/backend-defaults';

// Runs TechDocs with only this module (`yarn start` in this folder) and the
// root app-config.yaml, e.g. to watch the local sites being prebuilt. The
// portal composes everything in packages/backend/src/index.ts.
const backend = createBackend();
backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('../src'));
backend.start();
