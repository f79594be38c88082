export * from './ChainNodesApi';
export * from './ChainNodesClient';
