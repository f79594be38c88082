import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read the clusters' node mix, costs and history.
 * @public
 */
export const nodeMixClusterReadPermission = createPermission({
  name: 'node-mix.cluster.read',
  attributes: { action: 'read' },
});

/**
 * Trigger an immediate refresh of a cluster.
 * @public
 */
export const nodeMixClusterRefreshPermission = createPermission({
  name: 'node-mix.cluster.refresh',
  attributes: { action: 'update' },
});

/** All node-mix permissions. @public */
export const nodeMixPermissions = [
  nodeMixClusterReadPermission,
  nodeMixClusterRefreshPermission,
];
