export { default } from './plugin';
export { fairnessApiRef, FairnessClient, type FairnessApi } from './api';
