export * from './FairnessApi';
export { FairnessClient } from './FairnessClient';
