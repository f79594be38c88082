/*
 * Who may do what, end to end through HTTP, with the production services:
 * real sign-in (the auth backend issues each user's token after resolving
 * them in the real catalog), real token checks (auth, httpAuth, httpRouter),
 * the real permission backend with the portal's policy, and the real
 * externalAccess tokens of two game servers.
 *
 * The rows are checked against each plugin's live route table: a new route
 * without a row fails the test, and so does any 5xx.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import authBackend from '@backstage/plugin-auth-backend';
import catalogBackend from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import mcpActionsBackend from '@backstage/plugin-mcp-actions-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import chainNodesBackend from '@internal/plugin-chain-nodes-backend';
import nodeMixBackend from '@internal/plugin-node-mix-backend';
import costBackend from '@internal/plugin-cost-backend';
import fairnessBackend from '@internal/plugin-fairness-backend';
import portalPolicy from './permissionPolicy';
import cachedPermissions from './cachedPermissions';
import cachedUserTokens from './cachedUserTokens';
import { configureRootHttpRouter } from './rootHttpRouter';

jest.setTimeout(180_000);

// ---------------------------------------------------------------- principals

const COLUMNS = [
  'none',
  'forged',
  'developer',
  'on-call',
  'auditor',
  'platform',
  'game-server',
  'other-game-server',
] as const;
type Column = (typeof COLUMNS)[number];

const USERS = {
  developer: 'bruno.direct',
  'on-call': 'olga.oncall',
  auditor: 'farah.audit',
  platform: 'alice.platform',
} as const;
const GAME_SERVER_TOKEN = 'matrix-game-server-token-1';
const OTHER_GAME_SERVER_TOKEN = 'matrix-game-server-token-2';

// ------------------------------------------------------------------ catalog

const CATALOG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: on-call }
spec: { type: rota, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: auditors }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: direct }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: mono }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: alice.platform }
spec: { memberOf: [platform] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: olga.oncall }
spec: { memberOf: [on-call, mono] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: farah.audit }
spec: { memberOf: [auditors] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: bruno.direct }
spec: { memberOf: [direct] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: wallet }
spec: { type: service, lifecycle: production, owner: direct }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: vault-admin
  annotations: { casino.io/restricted-to: platform }
spec: { type: service, lifecycle: production, owner: direct }
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: hello }
spec:
  owner: direct
  type: service
  parameters: []
  steps:
    - id: log
      name: Log
      action: debug:log
      input: { message: hello }
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: restricted-infra
  annotations: { casino.io/restricted-to: platform }
spec:
  owner: platform
  type: infrastructure
  parameters: []
  steps:
    - id: log
      name: Log
      action: debug:log
      input: { message: infra }
`;

// --------------------------------------------------------------- the matrix

/**
 * What a cell expects: `in` = let through the auth and permission checks
 * (any status but 401/403, e.g. 200, 400 for an empty body, 404); `denied`
 * = 401 or 403; a number = exactly that status. 5xx always fails.
 */
type Expect = 'in' | 'denied' | 'any' | number;
/** A response's status in the terms of the row's `Expect`, to compare with it. */
function outcomeOf(status: number, expected: Expect): Expect {
  if (expected === 'any') return 'any';
  if (typeof expected === 'number') return status;
  return [401, 403].includes(status) ? 'denied' : 'in';
}
type Row = {
  /** Concrete request path (the route's parameters filled in). */
  path: string;
  expect: Partial<Record<Column, Expect>>;
};

const SIGNED_OUT = { none: 401, forged: 401 } as const;
const ANY_USER = {
  ...SIGNED_OUT,
  developer: 'in',
  'on-call': 'in',
  auditor: 'in',
  platform: 'in',
  'game-server': 'denied',
  'other-game-server': 'denied',
} as const;
const ONLY = (...who: Column[]): Row['expect'] => ({
  ...ANY_USER,
  developer: 'denied',
  'on-call': 'denied',
  auditor: 'denied',
  platform: 'denied',
  ...Object.fromEntries(who.map(w => [w, 'in'])),
});
const PUBLIC: Row['expect'] = Object.fromEntries(
  COLUMNS.map(c => [c, c === 'forged' ? 'any' : 200]),
) as any;
/** Game servers only; users refused before the body is read. */
const GAME_SERVERS: Row['expect'] = {
  ...ONLY('game-server', 'other-game-server'),
};
/** Read-side of the audit log: auditors only, never a service token. */
const AUDITORS = ONLY('auditor');

const ROUTES: Record<string, Row> = {
  // chain-nodes: every signed-in user sees the chain nodes they can see
  'GET /api/chain-nodes/nodes': {
    path: '/api/chain-nodes/nodes',
    expect: ANY_USER,
  },
  'GET /api/chain-nodes/node': {
    path: '/api/chain-nodes/node?entityRef=resource:default/none',
    expect: ANY_USER,
  },
  'GET /api/chain-nodes/node/history': {
    path: '/api/chain-nodes/node/history?entityRef=resource:default/none&window=1h',
    expect: ANY_USER,
  },

  // node-mix: reads for everyone; a forced re-read for on-call and platform
  'GET /api/node-mix/health': { path: '/api/node-mix/health', expect: PUBLIC },
  'GET /api/node-mix/clusters': {
    path: '/api/node-mix/clusters',
    expect: ANY_USER,
  },
  'GET /api/node-mix/fleet': {
    path: '/api/node-mix/fleet',
    expect: ANY_USER,
  },
  'GET /api/node-mix/clusters/:name': {
    path: '/api/node-mix/clusters/demo-eks-dev',
    expect: ANY_USER,
  },
  'GET /api/node-mix/clusters/:name/nodes': {
    path: '/api/node-mix/clusters/demo-eks-dev/nodes',
    expect: ANY_USER,
  },
  'GET /api/node-mix/clusters/:name/nodes/:node': {
    // an unknown cluster: 404 once allowed (a live read of the unreachable
    // test cluster would be 503)
    path: '/api/node-mix/clusters/not-configured/nodes/no-such-node',
    expect: ANY_USER,
  },
  'GET /api/node-mix/clusters/:name/nodepools/:pool': {
    // an unknown cluster: 404 once allowed
    path: '/api/node-mix/clusters/not-configured/nodepools/x86',
    expect: ANY_USER,
  },
  'GET /api/node-mix/clusters/:name/workloads/:kubernetesId/pods': {
    // an unknown cluster: 404 once allowed
    path: '/api/node-mix/clusters/not-configured/workloads/game-dice/pods',
    expect: ANY_USER,
  },
  // also read by the cost plugin with its own service token (node-mix-node)
  'GET /api/node-mix/clusters/:name/cost-input': {
    path: '/api/node-mix/clusters/demo-eks-dev/cost-input',
    expect: ANY_USER,
  },
  // also read by the scaffolder's NodePool estimate with its own service token
  'GET /api/node-mix/prices': {
    path: '/api/node-mix/prices',
    expect: ANY_USER,
  },
  'GET /api/node-mix/clusters/:name/history': {
    path: '/api/node-mix/clusters/demo-eks-dev/history',
    expect: ANY_USER,
  },
  'POST /api/node-mix/clusters/:name/refresh': {
    path: '/api/node-mix/clusters/demo-eks-dev/refresh',
    expect: ONLY('platform', 'on-call'),
  },

  // cost: a team's cost for its members (the IS_TEAM_MEMBER rule applied by
  // the cost plugin through the permission backend) and platform engineers
  'GET /api/cost/health': { path: '/api/cost/health', expect: PUBLIC },
  'GET /api/cost/sources': {
    path: '/api/cost/sources',
    expect: ONLY('platform'),
  },
  'POST /api/cost/sources/:id/import': {
    path: '/api/cost/sources/aws/import',
    expect: ONLY('platform'),
  },
  'GET /api/cost/summary': { path: '/api/cost/summary', expect: ANY_USER },
  'GET /api/cost/budgets': { path: '/api/cost/budgets', expect: ANY_USER },
  'GET /api/cost/teams/:namespace/:name': {
    path: '/api/cost/teams/default/direct',
    expect: ONLY('developer', 'platform'),
  },
  'GET /api/cost/services/:service': {
    // no cost recorded yet: 404 for everyone signed in
    path: '/api/cost/services/wallet',
    expect: {
      ...ANY_USER,
      developer: 404,
      'on-call': 404,
      auditor: 404,
      platform: 404,
    },
  },
  'GET /api/cost/entity': {
    path: '/api/cost/entity?entityRef=component:default/wallet',
    expect: ONLY('developer', 'platform'),
  },

  // fairness: game servers write (their own rounds and seeds), auditors read
  'GET /api/fairness/health': { path: '/api/fairness/health', expect: PUBLIC },
  'POST /api/fairness/rounds': {
    path: '/api/fairness/rounds',
    expect: GAME_SERVERS,
  },
  'POST /api/fairness/rounds/batch': {
    path: '/api/fairness/rounds/batch',
    expect: GAME_SERVERS,
  },
  'POST /api/fairness/seeds': {
    path: '/api/fairness/seeds',
    expect: GAME_SERVERS,
  },
  'POST /api/fairness/seeds/reveal': {
    path: '/api/fairness/seeds/reveal',
    expect: GAME_SERVERS,
  },
  'GET /api/fairness/seeds/:serverSeedHash': {
    path: `/api/fairness/seeds/${'a'.repeat(64)}`,
    expect: AUDITORS,
  },
  'GET /api/fairness/rounds': {
    path: '/api/fairness/rounds',
    expect: AUDITORS,
  },
  'GET /api/fairness/rounds/:roundId': {
    path: '/api/fairness/rounds/r-1',
    expect: AUDITORS,
  },
  'GET /api/fairness/rounds/:roundId/verification': {
    path: '/api/fairness/rounds/r-1/verification',
    expect: AUDITORS,
  },
  'GET /api/fairness/verification/rounds': {
    path: '/api/fairness/verification/rounds',
    expect: AUDITORS,
  },
  'GET /api/fairness/verification/log': {
    path: '/api/fairness/verification/log',
    expect: AUDITORS,
  },
  'GET /api/fairness/proofs/inclusion': {
    path: '/api/fairness/proofs/inclusion?roundId=r-1',
    expect: AUDITORS,
  },
  'GET /api/fairness/proofs/consistency': {
    path: '/api/fairness/proofs/consistency?from=1&to=2',
    expect: AUDITORS,
  },
  'GET /api/fairness/tree-heads/latest': {
    path: '/api/fairness/tree-heads/latest',
    expect: AUDITORS,
  },
  'GET /api/fairness/tree-heads': {
    path: '/api/fairness/tree-heads',
    expect: AUDITORS,
  },
  'POST /api/fairness/tree-heads': {
    path: '/api/fairness/tree-heads',
    expect: AUDITORS,
  },
  'GET /api/fairness/public-key': {
    path: '/api/fairness/public-key',
    expect: AUDITORS,
  },
  'GET /api/fairness/evidence': {
    path: '/api/fairness/evidence?roundId=r-1',
    expect: AUDITORS,
  },
  'GET /api/fairness/evidence-pack': {
    path: '/api/fairness/evidence-pack?playerId=p-1',
    expect: AUDITORS,
  },
  // tlog-tiles: hashes for every signed-in user, entries for auditors (and
  // mirrors, whose tokens are tested in the plugin); game servers' tokens
  // are restricted to writing
  'GET /api/fairness/checkpoint': {
    path: '/api/fairness/checkpoint',
    expect: ANY_USER,
  },
  'GET /api/fairness/tile/:level/*': {
    path: '/api/fairness/tile/0/000.p/1',
    expect: ANY_USER,
  },
  'GET /api/fairness/tile/entries/*': {
    path: '/api/fairness/tile/entries/000.p/1',
    expect: AUDITORS,
  },
  'GET /api/fairness/rounds/:roundId/receipt': {
    path: '/api/fairness/rounds/r-1/receipt',
    expect: AUDITORS,
  },
};
const MATRIX_PLUGINS = ['chain-nodes', 'node-mix', 'cost', 'fairness'];

// ------------------------------------------------------------------ helpers

/** Method and full path of every route the Express app serves. */
function routeTable(app: any): string[] {
  const routes: string[] = [];
  const mountPath = (layer: any): string => {
    if (layer.regexp?.fast_slash) return '';
    const m = String(layer.regexp?.source).match(
      /^\^(.*?)\\\/\?\(\?=\\\/\|\$\)$/,
    );
    return m ? m[1].replace(/\\(.)/g, '$1') : '<?>';
  };
  const walk = (stack: any[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method !== '_all') {
            routes.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
          }
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + mountPath(layer));
      }
    }
  };
  walk(app._router.stack, '');
  return [...new Set(routes)];
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** A sign-in provider for the test: the auth backend's proxy flow, user by header. */
const matrixSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'matrix-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'matrix',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate({ req }) {
                return {
                  result: { user: String(req.header('x-matrix-user')) },
                };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: { name: result.user } }),
          }),
        });
      },
    });
  },
});

function sseJson(text: string): any {
  const data = text
    .split('\n')
    .filter(l => l.startsWith('data:'))
    .map(l => l.slice(5).trim())
    .pop();
  return JSON.parse(data ?? text);
}

// ------------------------------------------------------------------- tests

describe('permission matrix: real sign-in, tokens and policy', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-matrix-'));
  const catalogFile = path.join(dataDir, 'catalog.yaml');
  let base: string;
  let app: any;
  let backend: { stop(): Promise<void> };
  const tokens: Partial<Record<Column, string>> = {};

  const call = (
    who: Column,
    method: 'get' | 'post' | 'delete',
    url: string,
  ) => {
    const req = request(base)[method](url);
    const token = tokens[who];
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  beforeAll(async () => {
    fs.writeFileSync(catalogFile, CATALOG);
    const port = await freePort();
    base = `http://localhost:${port}`;
    const gameServer = (token: string, subject: string) => ({
      type: 'static',
      options: { token, subject },
      accessRestrictions: [
        {
          plugin: 'fairness',
          permission: [
            'fairness.round.ingest',
            'fairness.seed.commit',
            'fairness.seed.reveal',
          ],
        },
      ],
    });

    // createBackend: every service is the production one (database, auth,
    // httpAuth, httpRouter, userInfo, permissions with the portal's decision
    // cache, scheduler, discovery, actions); only config, logs and
    // notifications are the test's.
    const portal = createBackend();
    const features = [
      rootHttpRouterServiceFactory({
        configure(ctx) {
          app = ctx.app;
          configureRootHttpRouter(ctx);
        },
      }),
      mockServices.rootLogger.factory(),
      authBackend,
      matrixSignIn,
      permissionBackend,
      portalPolicy,
      cachedPermissions,
      cachedUserTokens,
      catalogBackend,
      scaffolderEntityModel,
      scaffolderBackend,
      mcpActionsBackend,
      chainNodesBackend,
      nodeMixBackend,
      costBackend,
      fairnessBackend,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: base,
            listen: { host: '127.0.0.1', port },
            database: { client: 'better-sqlite3', connection: ':memory:' },
            auth: {
              externalAccess: [
                gameServer(GAME_SERVER_TOKEN, 'matrix-game-server'),
                gameServer(OTHER_GAME_SERVER_TOKEN, 'other-game-server'),
              ],
            },
            actions: { pluginSources: ['catalog', 'scaffolder', 'node-mix'] },
          },
          auth: {
            environment: 'development',
            providers: { matrix: { development: {} } },
          },
          permission: { enabled: true },
          catalog: {
            rules: [
              { allow: ['Component', 'Group', 'User', 'Template', 'Location'] },
            ],
            locations: [{ type: 'file', target: catalogFile }],
          },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'demo-eks-dev',
                    url: 'http://127.0.0.1:9',
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'x',
                  },
                ],
              },
            ],
          },
          chainNodes: { chains: {}, probeIntervalSeconds: 3600 },
          fairness: {
            origin: 'matrix.test/fairness',
            devKeyFile: path.join(dataDir, 'key'),
          },
        },
      }),
    ];
    for (const feature of features) {
      portal.add(feature);
    }
    await portal.start();
    backend = portal;

    // Sign in every user through the auth backend once the catalog has
    // processed them (sign-in resolves the user and their groups there).
    for (const [column, user] of Object.entries(USERS)) {
      for (let attempt = 0; ; attempt++) {
        const res = await request(base)
          .get('/api/auth/matrix/refresh?env=development')
          .set('x-matrix-user', user)
          .set('X-Requested-With', 'XMLHttpRequest');
        if (res.status === 200) {
          tokens[column as Column] = res.body.backstageIdentity.token;
          break;
        }
        if (attempt > 120) {
          throw new Error(`sign-in of ${user}: ${res.status} ${res.text}`);
        }
        await new Promise(r => setTimeout(r, 500));
      }
    }
    // A forged token: the developer's header and signature around a payload
    // that claims to be a platform engineer.
    const [header, payload, signature] = tokens.developer!.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.sub = 'user:default/alice.platform';
    claims.ent = ['user:default/alice.platform', 'group:default/platform'];
    tokens.forged = [
      header,
      Buffer.from(JSON.stringify(claims)).toString('base64url'),
      signature,
    ].join('.');
    tokens['game-server'] = GAME_SERVER_TOKEN;
    tokens['other-game-server'] = OTHER_GAME_SERVER_TOKEN;
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a row for every route of every portal plugin, and no stale rows', () => {
    const live = routeTable(app).filter(r =>
      MATRIX_PLUGINS.some(p => r.split(' ')[1].startsWith(`/api/${p}/`)),
    );
    // Framework routes every plugin gets (auth keys, actions, the permission
    // backend's metadata and conditions calls) are Backstage's own.
    const served = live.filter(
      r =>
        !r.includes('/.backstage/') && !r.includes('/.well-known/backstage/'),
    );
    expect(served.length).toBeGreaterThan(20);
    expect(served.filter(r => !ROUTES[r])).toEqual([]);
    expect(Object.keys(ROUTES).filter(r => !served.includes(r))).toEqual([]);
  });

  describe.each(Object.entries(ROUTES))('%s', (route, row) => {
    const method = route.split(' ')[0].toLowerCase() as 'get' | 'post';
    it.each(COLUMNS.map(c => [c, row.expect[c] ?? 'denied'] as const))(
      '%s → %s',
      async (who, expected) => {
        const res = await call(who, method, row.path);
        const got = `${res.status} ${res.text.slice(0, 200)}`;
        expect({ who, got, server: res.status >= 500 }).toMatchObject({
          server: false,
        });
        expect({
          who,
          got,
          outcome: outcomeOf(res.status, expected),
        }).toMatchObject({ outcome: expected });
      },
    );
  });

  it('shows the cost of an entity the user may not see as not found (404), not forbidden', async () => {
    const hidden = '/api/cost/entity?entityRef=component:default/vault-admin';
    expect((await call('developer', 'get', hidden)).status).toBe(404);
    expect((await call('on-call', 'get', hidden)).status).toBe(404);
    expect([401, 403, 404]).not.toContain(
      (await call('platform', 'get', hidden)).status,
    );
  });

  it('serves the fairness log’s cached newest pages to auditors only', async () => {
    const pages = ['/api/fairness/rounds?limit=7', '/api/fairness/tree-heads'];
    // an auditor's reads fill the caches (and the auditor's decision cache)
    for (const page of pages) {
      expect({
        page,
        status: (await call('auditor', 'get', page)).status,
      }).toEqual({ page, status: 200 });
    }
    for (const who of ['developer', 'on-call', 'platform'] as const) {
      for (const page of pages) {
        const res = await call(who, 'get', page);
        expect({ who, page, status: res.status }).toEqual({
          who,
          page,
          status: 403,
        });
        expect(res.text).not.toContain('"items"');
      }
    }
  });

  it('lets only platform engineers register and unregister locations', async () => {
    const body = {
      type: 'url',
      target: 'https://example.com/extra/catalog-info.yaml',
    };
    for (const who of ['developer', 'on-call', 'auditor'] as const) {
      const res = await call(who, 'post', '/api/catalog/locations').send(body);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    const created = await call(
      'platform',
      'post',
      '/api/catalog/locations',
    ).send(body);
    expect(created.status).toBe(201);
    const id = created.body.location.id;
    for (const who of ['developer', 'on-call', 'auditor'] as const) {
      const res = await call(who, 'delete', `/api/catalog/locations/${id}`);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
      const list = await call(who, 'get', '/api/catalog/locations');
      expect({ who, locations: list.body }).toEqual({ who, locations: [] });
    }
    expect(
      (await call('platform', 'get', `/api/catalog/locations/${id}`)).status,
    ).toBe(200);
    expect(
      (await call('platform', 'delete', `/api/catalog/locations/${id}`)).status,
    ).toBe(204);
  });

  it('lets only the owning team and platform engineers delete an entity', async () => {
    const { body: wallet } = await call(
      'platform',
      'get',
      '/api/catalog/entities/by-name/component/default/wallet',
    );
    const uid = wallet.metadata.uid;
    expect(
      (await call('on-call', 'delete', `/api/catalog/entities/by-uid/${uid}`))
        .status,
    ).toBe(403);
    expect(
      (await call('auditor', 'delete', `/api/catalog/entities/by-uid/${uid}`))
        .status,
    ).toBe(403);
  });

  it('shows and cancels a scaffolder task for its creator and platform engineers only', async () => {
    const created = await call(
      'developer',
      'post',
      '/api/scaffolder/v2/tasks',
    ).send({
      templateRef: 'template:default/hello',
      values: {},
    });
    expect(created.status).toBe(201);
    const id = created.body.id;

    for (const who of ['on-call', 'auditor'] as const) {
      const read = await call(who, 'get', `/api/scaffolder/v2/tasks/${id}`);
      expect({ who, status: read.status }).toEqual({ who, status: 403 });
      const events = await call(
        who,
        'get',
        `/api/scaffolder/v2/tasks/${id}/events`,
      );
      expect({ who, status: events.status }).toEqual({ who, status: 403 });
      const cancel = await call(
        who,
        'post',
        `/api/scaffolder/v2/tasks/${id}/cancel`,
      );
      expect({ who, status: cancel.status }).toEqual({ who, status: 403 });
      const list = await call(who, 'get', '/api/scaffolder/v2/tasks');
      expect(list.status).toBe(200);
      expect(list.body.tasks.map((t: any) => t.id)).not.toContain(id);
    }
    expect(
      (await call('developer', 'get', `/api/scaffolder/v2/tasks/${id}`)).status,
    ).toBe(200);
    expect(
      (await call('platform', 'get', `/api/scaffolder/v2/tasks/${id}`)).status,
    ).toBe(200);
    const own = await call('developer', 'get', '/api/scaffolder/v2/tasks');
    expect(own.body.tasks.map((t: any) => t.id)).toContain(id);
  });

  it('refuses a restricted template to a developer, and caps dry-run bodies', async () => {
    const res = await call(
      'developer',
      'post',
      '/api/scaffolder/v2/tasks',
    ).send({
      templateRef: 'template:default/restricted-infra',
      values: {},
    });
    expect([403, 404]).toContain(res.status);
    const big = await call('developer', 'post', '/api/scaffolder/v2/dry-run')
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({ template: {}, values: { x: 'y'.repeat(2_000_000) } }),
      );
    expect(big.status).toBe(413);
  });

  it('answers a JSON parse error without echoing the body', async () => {
    const res = await call('platform', 'post', '/api/catalog/locations')
      .set('content-type', 'application/json')
      .send('{"target": secret-value-123}');
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('secret-value-123');
  });

  // MCP tools run with the caller's credentials, so the location, entity and
  // template checks above apply to them too. A refusal comes back as a tool
  // result with isError (catalog) or as a JSON-RPC error (the scaffolder's
  // action reports the refused task creation that way).
  it('runs MCP tools with the caller’s permissions: a developer cannot unregister a location or run a restricted template', async () => {
    const created = await call(
      'platform',
      'post',
      '/api/catalog/locations',
    ).send({
      type: 'url',
      target: 'https://example.com/mcp/catalog-info.yaml',
    });
    expect(created.status).toBe(201);
    const id = created.body.location.id;
    const tool = async (who: Column, name: string, args: object) => {
      const res = await call(who, 'post', '/api/mcp-actions/v1')
        .set('Accept', 'application/json, text/event-stream')
        .send({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name, arguments: args },
        });
      expect(res.status).toBe(200);
      const reply = sseJson(res.text);
      // refused by the permission check, not for want of the tool
      expect(JSON.stringify(reply)).not.toContain('Action \\"');
      return {
        refused: Boolean(reply.error) || reply.result?.isError === true,
        reply,
      };
    };

    const unregister = await tool('developer', 'catalog.unregister-entity', {
      type: { locationId: id },
    });
    expect(unregister).toMatchObject({ refused: true });
    expect(JSON.stringify(unregister.reply)).toContain('NotAllowedError');
    expect(
      (await call('platform', 'get', `/api/catalog/locations/${id}`)).status,
    ).toBe(200);

    const register = await tool('developer', 'catalog.register-entity', {
      locationUrl: 'https://example.com/template.yaml',
    });
    expect(register).toMatchObject({ refused: true });
    expect(JSON.stringify(register.reply)).toContain('NotAllowedError');

    const execute = await tool('developer', 'scaffolder.execute-template', {
      templateRef: 'template:default/restricted-infra',
      values: {},
    });
    expect(execute).toMatchObject({ refused: true });
    const tasks = await call('platform', 'get', '/api/scaffolder/v2/tasks');
    expect(JSON.stringify(tasks.body)).not.toContain('restricted-infra');

    const done = await tool('platform', 'catalog.unregister-entity', {
      type: { locationId: id },
    });
    expect(done).toMatchObject({ refused: false });
    expect(
      (await call('platform', 'get', `/api/catalog/locations/${id}`)).status,
    ).toBe(404);
  });

  // node-mix's tools check node-mix.cluster.read with the caller's own
  // credentials, like GET /api/node-mix/fleet: every signed-in user (the
  // policy restricts nothing there), never a game server's token.
  it('offers node-mix tools over MCP to signed-in users only', async () => {
    const mcp = (who: Column, body: object) =>
      call(who, 'post', '/api/mcp-actions/v1')
        .set('Accept', 'application/json, text/event-stream')
        .send({ jsonrpc: '2.0', id: 1, ...body });
    for (const who of ['developer', 'on-call', 'auditor'] as const) {
      const list = await mcp(who, { method: 'tools/list' });
      expect(list.status).toBe(200);
      expect(sseJson(list.text).result.tools.map((t: any) => t.name)).toEqual(
        expect.arrayContaining([
          'node-mix.explain-node-consolidation',
          'node-mix.get-cluster-mix',
          'node-mix.get-fleet-warnings',
        ]),
      );
      const answer = sseJson(
        (
          await mcp(who, {
            method: 'tools/call',
            params: { name: 'node-mix.get-fleet-warnings', arguments: {} },
          })
        ).text,
      );
      expect(answer.result.isError).toBeFalsy();
      expect(JSON.parse(answer.result.content[0].text).totals.clusters).toBe(1);
    }
    for (const who of ['none', 'game-server'] as const) {
      const res = await mcp(who, { method: 'tools/list' });
      expect([401, 403]).toContain(res.status);
    }
  });
});
