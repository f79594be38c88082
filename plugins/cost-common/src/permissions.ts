import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  PermissionCondition,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of a team's cost; the resource ref is the group entity ref. @public */
export const COST_TEAM_RESOURCE_TYPE = 'cost-team';

/**
 * Read one team's cost (its services, trend, what-if, budget). Authorized
 * per team: `resourceRef` is the team's group entity ref.
 * @public
 */
export const costTeamReadPermission = createPermission({
  name: 'cost.team.read',
  attributes: { action: 'read' },
  resourceType: COST_TEAM_RESOURCE_TYPE,
});

/**
 * Read platform-wide cost: totals by cluster and source, idle and
 * unallocated cost, every team at once.
 * @public
 */
export const costPlatformReadPermission = createPermission({
  name: 'cost.platform.read',
  attributes: { action: 'read' },
});

/** Re-run a cost import by hand. @public */
export const costImportPermission = createPermission({
  name: 'cost.import',
  attributes: { action: 'update' },
});

/** All permissions of the cost plugin. @public */
export const costPermissions = [
  costTeamReadPermission,
  costPlatformReadPermission,
  costImportPermission,
];

/** Name of the rule "the team is one of these group refs". @public */
export const COST_TEAM_MEMBER_RULE = 'IS_TEAM_MEMBER';

/** Params of {@link COST_TEAM_MEMBER_RULE}. @public */
export type CostTeamMemberParams = { teamRefs: string[] };

/**
 * A conditional decision for {@link costTeamReadPermission} that allows the
 * teams among the user's ownership refs; for permission policies.
 * @public
 */
export function createCostTeamConditionalDecision(
  permission: ResourcePermission<typeof COST_TEAM_RESOURCE_TYPE>,
  ownershipEntityRefs: string[],
): ConditionalPolicyDecision {
  const conditions: PermissionCondition<
    typeof COST_TEAM_RESOURCE_TYPE,
    CostTeamMemberParams
  > = {
    rule: COST_TEAM_MEMBER_RULE,
    resourceType: COST_TEAM_RESOURCE_TYPE,
    params: {
      teamRefs: ownershipEntityRefs
        .map(r => r.toLocaleLowerCase('en-US'))
        .filter(r => r.startsWith('group:')),
    },
  };
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'cost',
    resourceType: permission.resourceType,
    conditions,
  };
}
