export { DeployEstimateField } from './DeployEstimateField';
export type { DeployEstimateOptions } from './DeployEstimateField';
