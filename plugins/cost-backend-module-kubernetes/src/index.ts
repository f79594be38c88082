/**
 * Cost backend module: Kubernetes compute cost from node-mix's reads of the
 * clusters.
 *
 * @packageDocumentation
 */
export { costModuleKubernetes as default } from './module';
