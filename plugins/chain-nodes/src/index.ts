/**
 * Chain-node health pages for the casino platform's Hetzner chain nodes.
 *
 * @packageDocumentation
 */

export { default } from './plugin';
export * from './api';
