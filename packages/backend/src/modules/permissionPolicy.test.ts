import { mockCredentials } from '@backstage/backend-test-utils';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { PortalPermissionPolicy } from './permissionPolicy';

const membership: Record<string, string[]> = {
  'user:default/farah.audit': ['user:default/farah.audit', 'group:default/auditors'],
  'user:default/bruno.direct': ['user:default/bruno.direct', 'group:default/direct'],
  'user:default/nobody': ['user:default/nobody'],
};

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string }).userEntityRef;
    return { userEntityRef: ref, ownershipEntityRefs: membership[ref] ?? [ref] };
  },
};

const policy = new PortalPermissionPolicy(userInfo);
const asUser = (ref: string) => {
  const credentials = mockCredentials.user(ref);
  return { credentials, info: { userEntityRef: ref, ownershipEntityRefs: membership[ref] } };
};
const auditLogRead = createPermission({ name: 'fairness.log.read', attributes: { action: 'read' } });

describe('PortalPermissionPolicy', () => {
  it('lets every signed-in user read the catalog, including users in no team', async () => {
    for (const ref of Object.keys(membership)) {
      await expect(policy.handle({ permission: catalogEntityReadPermission }, asUser(ref))).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('gives the audit log to auditors only', async () => {
    await expect(policy.handle({ permission: auditLogRead }, asUser('user:default/farah.audit'))).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
    await expect(policy.handle({ permission: auditLogRead }, asUser('user:default/bruno.direct'))).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    await expect(policy.handle({ permission: auditLogRead }, asUser('user:default/nobody'))).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('denies a request that carries no user', async () => {
    await expect(policy.handle({ permission: catalogEntityReadPermission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
