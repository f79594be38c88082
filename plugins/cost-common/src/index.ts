/**
 * OpenCost-style cost allocation, API types and permissions shared by
 * the cost frontend and backend plugins.
 *
 * @packageDocumentation
 */
export * from './allocation';
export * from './types';
export * from './permissions';
