/**
 * The node-mix service for other backend plugins (model:
 * `@backstage/plugin-notifications-node`).
 *
 * @packageDocumentation
 */
export { DefaultNodeMixClient } from './NodeMixClient';
export type { NodeMixClient } from './NodeMixClient';
export { nodeMixClientServiceRef } from './nodeMixClientServiceRef';
