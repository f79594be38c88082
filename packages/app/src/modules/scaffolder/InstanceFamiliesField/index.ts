export { InstanceFamiliesField } from './InstanceFamiliesField';
export type { InstanceFamiliesOptions } from './families';
export { validateInstanceFamilies } from './validation';
