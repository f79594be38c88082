import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  COST_TEAM_MEMBER_RULE,
  COST_TEAM_RESOURCE_TYPE,
} from '@internal/plugin-cost-common';
import { z } from 'zod';

/** A team whose cost is asked for; the resource ref is its group entity ref. */
export interface CostTeamResource {
  teamRef: string;
}

export const costTeamResourceRef = createPermissionResourceRef<
  CostTeamResource,
  { teamRefs: string[] }
>().with({
  pluginId: 'cost',
  resourceType: COST_TEAM_RESOURCE_TYPE,
});

/** Allows the teams listed in the condition (the user's own groups). */
export const isTeamMemberRule = createPermissionRule({
  name: COST_TEAM_MEMBER_RULE,
  description: 'Allow the cost of the teams listed (the user’s own groups)',
  resourceRef: costTeamResourceRef,
  paramsSchema: z.object({
    teamRefs: z.array(z.string()).describe('Group entity refs'),
  }),
  apply: (resource, { teamRefs }) =>
    teamRefs.includes(resource.teamRef.toLocaleLowerCase('en-US')),
  toQuery: ({ teamRefs }) => ({ teamRefs }),
});
