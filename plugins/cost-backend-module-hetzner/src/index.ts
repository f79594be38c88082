/**
 * Cost backend module: Hetzner chain nodes, priced per server type and
 * volume.
 *
 * @packageDocumentation
 */
export { costModuleHetzner as default } from './module';
