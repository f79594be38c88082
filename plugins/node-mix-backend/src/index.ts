/**
 * The node-mix backend plugin.
 *
 * @packageDocumentation
 */
export { nodeMixPlugin as default } from './plugin';

// For the cost plugin, which reads the same clusters with the same prices.
/** @internal */
export { readClustersFromConfig } from './service/clusters';
/** @internal */
export { createCredentialProvider } from './service/credentials';
/** @internal */
export { ClusterReader, ClusterReadError } from './service/ClusterReader';
/** @internal */
export { readNodeMixSettings } from './service/settings';
/** @internal */
export type { NodeMixSettings } from './service/settings';
