/**
 * Types, well-known labels, quantity parsing, formatters and permissions
 * shared by the node-mix frontend and backend plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './karpenter';
export * from './quantity';
export * from './pricing';
export * from './permissions';
export * from './signals';
export { LABELS } from './labels';
export { formatCores, formatBytes, formatUsd, formatShare } from './format';
export * from './costInput';
export * from './workloadPods';
export * from './fleet';
export * from './priceSources';
