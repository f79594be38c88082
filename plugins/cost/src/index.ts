/**
 * Cost pages and cards for the casino platform portal.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export * from './api';
