/**
 * TechDocs from local folders, for the portal's local default.
 *
 * @packageDocumentation
 */
export { techdocsModuleLocal as default } from './module';
