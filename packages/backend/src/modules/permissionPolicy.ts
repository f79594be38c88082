import {
  AuditorService,
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
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
import {
  COST_TEAM_RESOURCE_TYPE,
  createCostTeamConditionalDecision,
} from '@internal/plugin-cost-common';
import { PortalRole, rolesFromOwnership } from './roles';

/**
 * Catalog entities (templates, mostly) annotated with this and the value
 * `platform` are visible — and so runnable — by platform engineers only.
 */
export const RESTRICTED_TO_ANNOTATION = 'casino.io/restricted-to';

/**
 * Permission-name prefixes that only some roles may use. Anything not listed
 * is allowed for every signed-in user (catalog read, docs, search, ...).
 * Plugins declare their permissions in their -common packages; this table is
 * where the portal decides who gets them.
 */
const RESTRICTED_PREFIXES: Array<{ prefix: string; roles: PortalRole[] }> = [
  // Registering, reading and unregistering locations: a location decides
  // which entities (templates, users, groups) exist and can delete a team's
  // components, so platform engineers only. The scaffolder registers new
  // services with its own service credentials, which never reach a policy.
  { prefix: 'catalog.location.', roles: ['platform'] },
  { prefix: 'catalog.entity.create', roles: ['platform'] },
  // The provably-fair audit log: auditors only.
  { prefix: 'fairness.', roles: ['auditor'] },
  // Platform-wide cost (every team, clusters, idle) and re-running imports.
  { prefix: 'cost.platform.', roles: ['platform'] },
  { prefix: 'cost.import', roles: ['platform'] },
  // Forcing a cluster re-read hits the Kubernetes API: on-call and platform.
  { prefix: 'node-mix.cluster.refresh', roles: ['platform', 'on-call'] },
];

/**
 * Exceptions to the prefixes above, for every signed-in user: the fairness
 * log's checkpoint and hash tiles reveal only hashes (its entries stay with
 * auditors).
 */
const OPEN_TO_EVERY_USER = ['fairness.tiles.read'];

/**
 * The portal's permission policy: roles from catalog group membership.
 * Denials are written to the audit trail.
 * @internal
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: UserInfoService,
    private readonly auditor?: AuditorService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { permission } = request;
    const { ownershipEntityRefs, userEntityRef } =
      await this.userInfo.getUserInfo(user.credentials);
    const roles = rolesFromOwnership(ownershipEntityRefs);

    // Everyone signed in reads the catalog, except entities restricted to
    // platform engineers (the Terraform templates).
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      permission.attributes.action === 'read'
    ) {
      if (roles.has('platform')) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createCatalogConditionalDecision(permission, {
        not: catalogConditions.hasAnnotation({
          annotation: RESTRICTED_TO_ANNOTATION,
          value: 'platform',
        }),
      });
    }

    // Unregistering an entity: platform engineers, and a team for the
    // entities it owns (an orphan left behind after a repository moved).
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      permission.attributes.action === 'delete'
    ) {
      return roles.has('platform')
        ? { result: AuthorizeResult.ALLOW }
        : createCatalogConditionalDecision(
            permission,
            catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
          );
    }

    // Scaffolder tasks carry their parameters, logs and (for infra changes)
    // the diff: reading or cancelling one is for its creator and platform
    // engineers. Listing applies the same rule as a filter.
    if (isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
      return roles.has('platform')
        ? { result: AuthorizeResult.ALLOW }
        : createScaffolderTaskConditionalDecision(
            permission,
            scaffolderTaskConditions.isTaskOwner({
              createdBy: [userEntityRef],
            }),
          );
    }

    // A team's cost: its members, and platform engineers for every team.
    if (isResourcePermission(permission, COST_TEAM_RESOURCE_TYPE)) {
      return roles.has('platform')
        ? { result: AuthorizeResult.ALLOW }
        : createCostTeamConditionalDecision(permission, ownershipEntityRefs);
    }

    if (OPEN_TO_EVERY_USER.includes(permission.name)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const rule = RESTRICTED_PREFIXES.find(r =>
      permission.name.startsWith(r.prefix),
    );
    if (!rule || rule.roles.some(role => roles.has(role))) {
      return { result: AuthorizeResult.ALLOW };
    }
    await this.auditDenial(permission.name, userEntityRef, rule.roles);
    return { result: AuthorizeResult.DENY };
  }

  private async auditDenial(
    permission: string,
    userEntityRef: string,
    requiredRoles: PortalRole[],
  ) {
    const event = await this.auditor?.createEvent({
      eventId: 'permission-denied',
      severityLevel: 'medium',
      meta: { permission, userEntityRef, requiredRoles },
    });
    await event?.success();
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
        auditor: coreServices.auditor,
      },
      async init({ policy, userInfo, auditor }) {
        policy.setPolicy(new PortalPermissionPolicy(userInfo, auditor));
      },
    });
  },
});
