/**
 * What the cost backend plugin and its modules share: the OpenCost-style
 * allocation of node prices to pods, services and teams, and the extension
 * point through which a module adds the demo cluster's backfill.
 *
 * @packageDocumentation
 */
export * from './allocation';
export * from './extensions';
