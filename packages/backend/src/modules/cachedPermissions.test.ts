import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  CachedPermissionsService,
  PERMISSION_DECISION_TTL_MS,
} from './cachedPermissions';

const read = createPermission({
  name: 'node-mix.cluster.read',
  attributes: { action: 'read' },
});
const refresh = createPermission({
  name: 'node-mix.cluster.refresh',
  attributes: {},
});
const entityRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** A signed-in user's credentials as the auth service makes them (with expiry). */
const user = (ref: string, expiresAt = new Date('2026-12-02T12:00:00Z')) => ({
  ...mockCredentials.user(ref),
  expiresAt,
});

describe('CachedPermissionsService', () => {
  let now: number;
  let allowed: Set<string>;
  let delegate: jest.Mocked<PermissionsService>;
  let service: CachedPermissionsService;

  beforeEach(() => {
    now = 1_000_000;
    allowed = new Set(['node-mix.cluster.read']);
    delegate = {
      authorize: jest.fn(async (requests: AuthorizePermissionRequest[]) =>
        requests.map(r => ({
          result: allowed.has(r.permission.name)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        })),
      ),
      authorizeConditional: jest.fn(async (requests: unknown[]) =>
        requests.map(() => ({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: { rule: 'IS_ENTITY_OWNER', params: { claims: ['x'] } },
        })),
      ),
    } as any;
    service = new CachedPermissionsService(delegate, undefined, () => now);
  });

  it("reuses a user's allow for the TTL, then asks the policy again", async () => {
    const credentials = user('user:default/alice');
    for (let i = 0; i < 5; i++) {
      await expect(
        service.authorize([{ permission: read }], { credentials }),
      ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
    }
    expect(delegate.authorize).toHaveBeenCalledTimes(1);

    // The role is taken away: the cached allow lasts the TTL, no longer.
    allowed.clear();
    now += PERMISSION_DECISION_TTL_MS - 1;
    await expect(
      service.authorize([{ permission: read }], { credentials }),
    ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
    now += 1;
    await expect(
      service.authorize([{ permission: read }], { credentials }),
    ).resolves.toEqual([{ result: AuthorizeResult.DENY }]);
    expect(delegate.authorize).toHaveBeenCalledTimes(2);
  });

  it('asks the policy at once for a new token of the same user', async () => {
    await service.authorize([{ permission: read }], {
      credentials: user('user:default/alice'),
    });
    allowed.clear();
    await expect(
      service.authorize([{ permission: read }], {
        credentials: user(
          'user:default/alice',
          new Date('2026-12-02T12:30:00Z'),
        ),
      }),
    ).resolves.toEqual([{ result: AuthorizeResult.DENY }]);
    expect(delegate.authorize).toHaveBeenCalledTimes(2);
  });

  it('reads task credentials whose expiry came back from the database as a string (scaffolder tasks)', async () => {
    const stored = {
      ...user('user:default/alice'),
      expiresAt: '2026-12-02T12:00:00.000Z',
    } as any;
    for (let i = 0; i < 3; i++) {
      await expect(
        service.authorize([{ permission: read }], { credentials: stored }),
      ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
    }
    expect(delegate.authorize).toHaveBeenCalledTimes(1);
    // An expiry that is not a time at all is not cached, and does not throw.
    const odd = { ...user('user:default/alice'), expiresAt: 'soon' } as any;
    await service.authorize([{ permission: read }], { credentials: odd });
    await service.authorize([{ permission: read }], { credentials: odd });
    expect(delegate.authorize).toHaveBeenCalledTimes(3);
  });

  it('keeps users apart', async () => {
    allowed = new Set();
    await service.authorize([{ permission: read }], {
      credentials: user('user:default/bob'),
    });
    allowed = new Set(['node-mix.cluster.read']);
    await expect(
      service.authorize([{ permission: read }], {
        credentials: user('user:default/alice'),
      }),
    ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
    allowed = new Set();
    await expect(
      service.authorize([{ permission: read }], {
        credentials: user('user:default/bob'),
      }),
    ).resolves.toEqual([{ result: AuthorizeResult.DENY }]);
  });

  it('sends every denial to the policy (which audits it)', async () => {
    const credentials = user('user:default/alice');
    for (let i = 0; i < 3; i++) {
      await expect(
        service.authorize([{ permission: refresh }], { credentials }),
      ).resolves.toEqual([{ result: AuthorizeResult.DENY }]);
    }
    expect(delegate.authorize).toHaveBeenCalledTimes(3);
  });

  it('asks only for the decisions it does not hold, in order', async () => {
    const credentials = user('user:default/alice');
    await service.authorize([{ permission: read }], { credentials });
    await expect(
      service.authorize([{ permission: refresh }, { permission: read }], {
        credentials,
      }),
    ).resolves.toEqual([
      { result: AuthorizeResult.DENY },
      { result: AuthorizeResult.ALLOW },
    ]);
    expect(delegate.authorize).toHaveBeenLastCalledWith(
      [{ permission: refresh }],
      { credentials },
    );
  });

  it('shares one round trip between concurrent requests', async () => {
    const credentials = user('user:default/alice');
    await Promise.all(
      Array.from({ length: 50 }, () =>
        service.authorize([{ permission: read }], { credentials }),
      ),
    );
    expect(delegate.authorize).toHaveBeenCalledTimes(1);
  });

  it('always asks about a specific resource', async () => {
    allowed.add('catalog.entity.read');
    const credentials = user('user:default/alice');
    const request = {
      permission: entityRead,
      resourceRef: 'component:default/game-dice',
    };
    await service.authorize([request], { credentials });
    await service.authorize([request], { credentials });
    expect(delegate.authorize).toHaveBeenCalledTimes(2);
  });

  it('reuses conditional decisions (the plugin applies them per resource)', async () => {
    const credentials = user('user:default/alice');
    const first = await service.authorizeConditional(
      [{ permission: entityRead }],
      { credentials },
    );
    const second = await service.authorizeConditional(
      [{ permission: entityRead }],
      { credentials },
    );
    expect(second).toEqual(first);
    expect(delegate.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('caches nothing for services, users without expiry or failures', async () => {
    const service1 = mockCredentials.service('plugin:catalog');
    await service.authorize([{ permission: read }], { credentials: service1 });
    await service.authorize([{ permission: read }], { credentials: service1 });
    const noExpiry = mockCredentials.user('user:default/alice');
    await service.authorize([{ permission: read }], { credentials: noExpiry });
    await service.authorize([{ permission: read }], { credentials: noExpiry });
    expect(delegate.authorize).toHaveBeenCalledTimes(4);

    const credentials = user('user:default/alice');
    delegate.authorize.mockRejectedValueOnce(
      new Error('permission backend down'),
    );
    await expect(
      service.authorize([{ permission: read }], { credentials }),
    ).rejects.toThrow('permission backend down');
    await expect(
      service.authorize([{ permission: read }], { credentials }),
    ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
  });
});
