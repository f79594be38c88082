/**
 * Backend for chain-node health: Ethereum JSON-RPC probes, Hetzner Cloud
 * inventory, health history and notifications.
 *
 * @packageDocumentation
 */

export { chainNodesPlugin as default } from './plugin';
