export { RoleGuide } from './RoleGuide';
export { roles } from './roles';
export type { Role, RoleLink } from './roles';
