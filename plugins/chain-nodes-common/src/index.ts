/**
 * Types, health rules and permissions shared by the chain-nodes plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './health';
export * from './permissions';
export * from './types';
