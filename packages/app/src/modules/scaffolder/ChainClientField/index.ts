export { ChainClientField } from './ChainClientField';
export type { ChainClientOptions } from './clients';
export { validateChainClient } from './validation';
