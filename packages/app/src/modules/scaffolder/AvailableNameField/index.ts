export { AvailableNameField } from './AvailableNameField';
export type { AvailableNameOptions } from './AvailableNameField';
export { validateAvailableName } from './validation';
