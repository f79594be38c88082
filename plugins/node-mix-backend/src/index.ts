/**
 * The node-mix backend plugin.
 *
 * @packageDocumentation
 */
export { nodeMixPlugin as default } from './plugin';
