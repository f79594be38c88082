import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ChainNodesStore, NodeStatusRecord } from '../database/ChainNodesStore';
import { ChainNodesReader } from './ChainNodesReader';
import { chainNodeEntity } from '../__testUtils__/chainNodeEntity';

function chainNode(name: string, restricted = false): Entity {
  return chainNodeEntity(name, {
    'casino.io/chain': 'casino-mainnet',
    ...(restricted ? { 'casino.io/restricted-to': 'platform' } : {}),
  });
}

function status(name: string, blockNumber: number): NodeStatusRecord {
  return {
    nodeRef: `resource:default/${name}`,
    observedState: 'healthy',
    observedSince: 0,
    observedCount: 1,
    confirmedState: 'healthy',
    confirmedSince: 0,
    lastProbeAt: 0,
    lastResult: {
      observation: { reachable: true, blockNumber },
      evaluation: { state: 'healthy', reasons: [] },
      chainHead: blockNumber,
    },
  };
}

/** A user's token: the same user signing in again gets a new expiry. */
function userToken(userEntityRef: string, expiresAt = 3_600_000) {
  return {
    ...mockCredentials.user(userEntityRef),
    expiresAt: new Date(expiresAt),
  };
}

describe('ChainNodesReader.getFleet', () => {
  const entities = [chainNode('a'), chainNode('b'), chainNode('secret', true)];
  let now: number;
  let heads: Record<string, number>;
  let catalog: { getEntities: jest.Mock; getEntitiesByRefs: jest.Mock };
  let store: { getMeta: jest.Mock; getStatuses: jest.Mock };

  function reader() {
    return new ChainNodesReader({
      store: store as unknown as ChainNodesStore,
      catalog: catalog as unknown as CatalogService,
      auth: mockServices.auth(),
      hetznerConfigured: false,
      cacheTtlMs: 15_000,
      now: () => now,
    });
  }

  beforeEach(() => {
    now = 1_000_000;
    heads = { a: 100, b: 100, secret: 100 };
    catalog = {
      getEntities: jest.fn(async () => ({ items: entities })),
      // The catalog's own rule: restricted entities only for the platform user.
      getEntitiesByRefs: jest.fn(
        async (
          req: { entityRefs: string[] },
          { credentials }: { credentials: BackstageCredentials },
        ) => {
          const platform =
            (credentials.principal as { userEntityRef?: string })
              .userEntityRef === 'user:default/platform';
          return {
            items: req.entityRefs.map(ref => {
              const entity = entities.find(e => stringifyEntityRef(e) === ref);
              const hidden =
                entity?.metadata.annotations?.['casino.io/restricted-to'] &&
                !platform;
              return hidden ? undefined : entity;
            }),
          };
        },
      ),
    };
    store = {
      getMeta: jest.fn(async () => undefined),
      getStatuses: jest.fn(async (refs: string[]) =>
        refs.map(ref => status(ref.split('/')[1], heads[ref.split('/')[1]])),
      ),
    };
  });

  const names = (fleet: { nodes: { name: string }[] }) =>
    fleet.nodes.map(n => n.name).sort();

  it('never hands a cached node to a user the catalog hides it from', async () => {
    const r = reader();
    const platform = await r.getFleet(userToken('user:default/platform'));
    expect(names(platform)).toEqual(['a', 'b', 'secret']);
    // Same probe cycle, fleet already cached with the restricted node in it.
    const dev = await r.getFleet(userToken('user:default/dev'));
    expect(names(dev)).toEqual(['a', 'b']);
    const body = await r.getFleetBody(userToken('user:default/dev'));
    expect(body.json).not.toContain('secret');
    expect(body.etag).not.toBe(
      (await r.getFleetBody(userToken('user:default/platform'))).etag,
    );
    // Service callers and tokens without an expiry are never cached.
    expect(
      names(await r.getFleet(mockCredentials.user('user:default/x'))),
    ).toEqual(['a', 'b']);
  });

  it('reads the catalog and the store once per probe cycle for everyone', async () => {
    const r = reader();
    const first = await r.getFleetBody(userToken('user:default/platform'));
    for (let i = 0; i < 5; i++) {
      const again = await r.getFleetBody(userToken('user:default/platform'));
      expect(again.json).toBe(first.json);
      expect(again.etag).toBe(first.etag);
    }
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    expect(store.getStatuses).toHaveBeenCalledTimes(1);
    // One catalog round trip per user token within a few seconds.
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
  });

  it('shows the next probe cycle as soon as the poller invalidates it', async () => {
    const r = reader();
    const user = userToken('user:default/platform');
    const before = await r.getFleetBody(user);
    heads = { a: 101, b: 102, secret: 100 };
    r.invalidate();
    const after = await r.getFleetBody(user);
    expect(after.etag).not.toBe(before.etag);
    expect(JSON.parse(after.json).chainHeads).toEqual({
      'casino-mainnet': 102,
    });
  });

  it('reads again after the probe interval when no cycle ran here', async () => {
    const r = reader();
    const user = userToken('user:default/platform');
    await r.getFleet(user);
    heads = { a: 105, b: 100, secret: 100 };
    now += 14_999;
    expect((await r.getFleet(user)).chainHeads['casino-mainnet']).toBe(100);
    now += 1;
    expect((await r.getFleet(user)).chainHeads['casino-mainnet']).toBe(105);
  });

  it("asks the catalog again for a new token and after a user's few seconds", async () => {
    const r = reader();
    await r.getFleet(userToken('user:default/dev'));
    await r.getFleet(userToken('user:default/dev'));
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    // A new sign-in (new token) is a new answer at once...
    await r.getFleet(userToken('user:default/dev', 7_200_000));
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(2);
    // ...and an entity restricted meanwhile disappears within 5 s.
    entities[0].metadata.annotations!['casino.io/restricted-to'] = 'platform';
    try {
      now += 5_000;
      expect(names(await r.getFleet(userToken('user:default/dev')))).toEqual([
        'b',
      ]);
    } finally {
      delete entities[0].metadata.annotations!['casino.io/restricted-to'];
    }
  });
});
