export { nodeMixApiRef } from './NodeMixApi';
export type { NodeMixApi } from './NodeMixApi';
export { NodeMixClient } from './NodeMixClient';
