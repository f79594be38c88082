/**
 * The wire contract of the cost plugins: API types, the special keys of
 * cost rows, the what-if scenarios, the CPU/memory price weights and the
 * permissions, shared by the cost frontend and backend plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './rowKeys';
export * from './whatIfScenarios';
export * from './resourceWeights';
export * from './permissions';
