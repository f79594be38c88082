import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read chain-node health, history and the Hetzner reconciliation.
 * @public
 */
export const chainNodesReadPermission = createPermission({
  name: 'chain-nodes.read',
  attributes: { action: 'read' },
});

/** All permissions of the chain-nodes plugin. @public */
export const chainNodesPermissions = [chainNodesReadPermission];
