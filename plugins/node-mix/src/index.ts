/**
 * The node-mix frontend plugin.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { nodeMixApiRef, NodeMixClient } from './api';
export type { NodeMixApi } from './api';
