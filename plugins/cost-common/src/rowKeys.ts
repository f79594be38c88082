/*
 * The special services and teams of cost rows: the backend writes them, the
 * Cost page names them in words.
 */

/** Service and team of the part of a node no pod requested. @public */
export const IDLE = '__idle__';
/** Team of services the catalog does not know an owner for. @public */
export const UNALLOCATED = '__unallocated__';
/** Service of a team's share of the cluster's idle capacity. @public */
export const SHARED_IDLE = 'shared/idle';
/** Prefix of the service of a team's share of a shared namespace. @public */
export const SHARED_NAMESPACE_PREFIX = 'shared/namespace/';
