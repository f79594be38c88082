import { mockCredentials } from '@backstage/backend-test-utils';
import { AuditorService, UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  costPlatformReadPermission,
  costTeamReadPermission,
} from '@internal/plugin-cost-common';
import { PortalPermissionPolicy } from './permissionPolicy';

const membership: Record<string, string[]> = {
  'user:default/alice.platform': [
    'user:default/alice.platform',
    'group:default/platform',
  ],
  'user:default/farah.audit': [
    'user:default/farah.audit',
    'group:default/auditors',
  ],
  'user:default/bruno.direct': [
    'user:default/bruno.direct',
    'group:default/direct',
  ],
  'user:default/nobody': ['user:default/nobody'],
};

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: ref,
      ownershipEntityRefs: membership[ref] ?? [ref],
    };
  },
};

const audited: unknown[] = [];
const auditor: AuditorService = {
  async createEvent(options) {
    return {
      success: async () => {
        audited.push(options);
      },
      fail: async () => {},
    };
  },
};

const policy = new PortalPermissionPolicy(userInfo, auditor);
const asUser = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: membership[ref] },
});
const auditLogRead = createPermission({
  name: 'fairness.log.read',
  attributes: { action: 'read' },
});

describe('PortalPermissionPolicy', () => {
  beforeEach(() => audited.splice(0));

  it('lets platform engineers read the whole catalog', async () => {
    await expect(
      policy.handle(
        { permission: catalogEntityReadPermission },
        asUser('user:default/alice.platform'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets everyone else read the catalog except entities restricted to the platform team', async () => {
    for (const ref of [
      'user:default/bruno.direct',
      'user:default/farah.audit',
      'user:default/nobody',
    ]) {
      await expect(
        policy.handle({ permission: catalogEntityReadPermission }, asUser(ref)),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          not: {
            rule: 'HAS_ANNOTATION',
            resourceType: 'catalog-entity',
            params: {
              annotation: 'casino.io/restricted-to',
              value: 'platform',
            },
          },
        },
      });
    }
  });

  it('gives the audit log to auditors only, and audits each denial', async () => {
    await expect(
      policy.handle(
        { permission: auditLogRead },
        asUser('user:default/farah.audit'),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(
      policy.handle(
        { permission: auditLogRead },
        asUser('user:default/bruno.direct'),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(
      policy.handle(
        { permission: auditLogRead },
        asUser('user:default/alice.platform'),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(audited).toEqual([
      expect.objectContaining({
        eventId: 'permission-denied',
        meta: {
          permission: 'fairness.log.read',
          userEntityRef: 'user:default/bruno.direct',
          requiredRoles: ['auditor'],
        },
      }),
      expect.objectContaining({
        meta: expect.objectContaining({
          userEntityRef: 'user:default/alice.platform',
        }),
      }),
    ]);
  });

  it('gives every signed-in user the log’s hash tiles, but its entries to auditors only', async () => {
    const tilesRead = createPermission({
      name: 'fairness.tiles.read',
      attributes: { action: 'read' },
    });
    const entriesRead = createPermission({
      name: 'fairness.entries.read',
      attributes: { action: 'read' },
    });
    for (const ref of Object.keys(membership)) {
      await expect(
        policy.handle({ permission: tilesRead }, asUser(ref)),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        policy.handle({ permission: entriesRead }, asUser(ref)),
      ).resolves.toEqual({
        result:
          ref === 'user:default/farah.audit'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      });
    }
  });

  it('shows a team its own cost, and every team’s and the platform’s cost to platform engineers', async () => {
    await expect(
      policy.handle(
        { permission: costTeamReadPermission },
        asUser('user:default/bruno.direct'),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'cost',
      resourceType: 'cost-team',
      conditions: {
        rule: 'IS_TEAM_MEMBER',
        resourceType: 'cost-team',
        params: { teamRefs: ['group:default/direct'] },
      },
    });
    await expect(
      policy.handle(
        { permission: costTeamReadPermission },
        asUser('user:default/alice.platform'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle(
        { permission: costPlatformReadPermission },
        asUser('user:default/bruno.direct'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle(
        { permission: costPlatformReadPermission },
        asUser('user:default/alice.platform'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only platform engineers register, read and unregister locations', async () => {
    for (const permission of [
      catalogLocationCreatePermission,
      catalogLocationDeletePermission,
      catalogLocationReadPermission,
    ]) {
      await expect(
        policy.handle({ permission }, asUser('user:default/alice.platform')),
      ).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      for (const ref of [
        'user:default/bruno.direct',
        'user:default/farah.audit',
        'user:default/nobody',
      ]) {
        await expect(
          policy.handle({ permission }, asUser(ref)),
        ).resolves.toEqual({ result: AuthorizeResult.DENY });
      }
    }
  });

  it('lets a team delete only the entities it owns; platform engineers any', async () => {
    await expect(
      policy.handle(
        { permission: catalogEntityDeletePermission },
        asUser('user:default/alice.platform'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle(
        { permission: catalogEntityDeletePermission },
        asUser('user:default/bruno.direct'),
      ),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/bruno.direct', 'group:default/direct'],
        },
      },
    });
  });

  it('shows and cancels a scaffolder task for its creator and platform engineers only', async () => {
    for (const permission of [taskReadPermission, taskCancelPermission]) {
      await expect(
        policy.handle({ permission }, asUser('user:default/alice.platform')),
      ).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
      await expect(
        policy.handle({ permission }, asUser('user:default/bruno.direct')),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: ['user:default/bruno.direct'] },
        },
      });
    }
    await expect(
      policy.handle(
        { permission: taskCreatePermission },
        asUser('user:default/bruno.direct'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies a request that carries no user', async () => {
    await expect(
      policy.handle({ permission: catalogEntityReadPermission }),
    ).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
