export { AvailableNameField } from './AvailableNameField';
export type { AvailableNameOptions } from './checkAvailability';
export { validateAvailableName } from './validation';
