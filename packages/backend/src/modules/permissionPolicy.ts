import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PortalRole, rolesFromOwnership } from './roles';

/**
 * Permission-name prefixes that only some roles may use. Anything not listed
 * is allowed for every signed-in user (catalog read, docs, search, ...).
 * Plugins declare their permissions in their -common packages; this table is
 * where the portal decides who gets them.
 */
const RESTRICTED_PREFIXES: Array<{ prefix: string; roles: PortalRole[] }> = [
  // The provably-fair audit log: auditors only.
  { prefix: 'fairness.', roles: ['auditor'] },
];

/**
 * The portal's permission policy: roles from catalog group membership.
 * @internal
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const name = request.permission.name;
    if (isResourcePermission(request.permission, 'catalog-entity')) {
      if (request.permission.attributes.action === 'read') {
        return { result: AuthorizeResult.ALLOW };
      }
    }
    const rule = RESTRICTED_PREFIXES.find(r => name.startsWith(r.prefix));
    if (!rule) {
      return { result: AuthorizeResult.ALLOW };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const roles = rolesFromOwnership(ownershipEntityRefs);
    return {
      result: rule.roles.some(role => roles.has(role))
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }
}

/** Installs {@link PortalPermissionPolicy} into the permission backend. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new PortalPermissionPolicy(userInfo));
      },
    });
  },
});
