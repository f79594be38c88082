/**
 * What the cost backend plugin and its modules share: the extension point
 * through which modules add sources of cost (and the narrow interfaces a
 * source writes to and reports through), the OpenCost-style allocation of
 * node prices to pods, services and teams, and the extension point through
 * which a module adds the demo cluster's backfill.
 *
 * @packageDocumentation
 */
export * from './allocation';
export * from './config';
export * from './extensions';
export * from './owners';
export * from './sources';
