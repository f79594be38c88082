/**
 * Cost backend module: AWS Cost Explorer, by the team and service tags.
 *
 * @packageDocumentation
 */
export { costModuleAws as default } from './module';
