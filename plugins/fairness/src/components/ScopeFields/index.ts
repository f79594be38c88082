export { ScopeFields, localToIso } from './ScopeFields';
export type { ScopeForm } from './ScopeFields';
