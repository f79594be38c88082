/**
 * Annotations on catalog Resources of `spec.type: chain-node`.
 *
 * The Hetzner annotations describe the server the node runs on. When a
 * Hetzner Cloud token is configured the live values from the Hetzner API win;
 * without one (the local default) the annotations are all there is.
 */

/** Resource `spec.type` of a chain node. @public */
export const CHAIN_NODE_RESOURCE_TYPE = 'chain-node';

/** Name of the chain the node belongs to; a key of `chainNodes.chains`. @public */
export const ANNOTATION_CHAIN = 'casino.io/chain';
/** Ethereum JSON-RPC URL the backend probes, e.g. `http://10.0.1.5:8545`. @public */
export const ANNOTATION_RPC_ENDPOINT = 'casino.io/rpc-endpoint';
/** Hetzner Cloud server id (numeric, as in `GET /v1/servers/{id}`). @public */
export const ANNOTATION_HETZNER_SERVER_ID = 'hetzner.cloud/server-id';
/** Hetzner server type, e.g. `ccx33`. @public */
export const ANNOTATION_HETZNER_SERVER_TYPE = 'hetzner.cloud/server-type';
/** Hetzner location, e.g. `fsn1`. @public */
export const ANNOTATION_HETZNER_LOCATION = 'hetzner.cloud/location';
/** Hetzner datacenter, e.g. `fsn1-dc14`. @public */
export const ANNOTATION_HETZNER_DATACENTER = 'hetzner.cloud/datacenter';
