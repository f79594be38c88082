/**
 * The cost backend plugin.
 *
 * @packageDocumentation
 */
export { costPlugin as default } from './plugin';
