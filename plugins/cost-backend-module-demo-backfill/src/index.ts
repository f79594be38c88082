/**
 * Cost backend module: the demo cluster's backfill, for the local default.
 *
 * @packageDocumentation
 */
export { costModuleDemoBackfill as default } from './module';
