/**
 * The node-mix backend plugin.
 *
 * @packageDocumentation
 */
export { nodeMixPlugin as default } from './plugin';

// For the cost plugin's tests and bench (devDependencies only): the prices
// node-mix reads from config. At runtime cost reads node-mix over HTTP
// through @internal/plugin-node-mix-node.
/** @internal */
export { readNodeMixSettings } from './config';
/** @internal */
export type { NodeMixSettings } from './config';
