import { createBackend } from '@backstage/backend-defaults';

// Runs the fairness backend alone (yarn start in this folder), e.g. to try
// the ingest API with the demo game server or to run the benchmark against it.
const backend = createBackend();
backend.add(import('../src'));
backend.start();
