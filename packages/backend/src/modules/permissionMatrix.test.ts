/*
 * Who may do what, end to end through HTTP: every custom plugin's backend,
 * the real permission backend with the portal's policy module, and the real
 * permissions client. Each role's user calls each protected route.
 */
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import { notificationService } from '@backstage/plugin-notifications-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import permissionBackend from '@backstage/plugin-permission-backend';
import chainNodesBackend from '@internal/plugin-chain-nodes-backend';
import nodeMixBackend from '@internal/plugin-node-mix-backend';
import costBackend from '@internal/plugin-cost-backend';
import fairnessBackend from '@internal/plugin-fairness-backend';
import portalPolicy from './permissionPolicy';

jest.setTimeout(120_000);

const GROUPS: Record<string, string[]> = {
  'user:default/alice.platform': [
    'group:default/platform',
    'group:default/on-call',
  ],
  'user:default/farah.audit': ['group:default/auditors'],
  'user:default/bruno.direct': ['group:default/direct'],
  'user:default/visitor': [],
};
type Who = 'platform' | 'auditor' | 'developer' | 'no-role';
const USERS: Record<Who, string> = {
  platform: 'user:default/alice.platform',
  auditor: 'user:default/farah.audit',
  developer: 'user:default/bruno.direct',
  'no-role': 'user:default/visitor',
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
      };
    },
  }),
});

// route -> who gets in (everyone else must get 403)
const MATRIX: Array<{
  method: 'get' | 'post';
  path: string;
  allowed: Who[];
  skip?: Who[];
}> = [
  {
    method: 'get',
    path: '/api/chain-nodes/nodes',
    allowed: ['platform', 'auditor', 'developer', 'no-role'],
  },
  {
    method: 'get',
    path: '/api/node-mix/clusters',
    allowed: ['platform', 'auditor', 'developer', 'no-role'],
  },
  {
    method: 'post',
    path: '/api/node-mix/clusters/demo-eks-dev/refresh',
    allowed: ['platform'],
  },
  // A team's cost: its members and platform engineers. The member case is a
  // conditional decision applied by the cost plugin's rule over HTTP, which
  // the test backend's mock service auth refuses; cost-backend's own
  // plugin.test.ts covers it.
  {
    method: 'get',
    path: '/api/cost/teams/default/direct',
    allowed: ['platform', 'developer'],
    skip: ['developer'],
  },
  {
    method: 'post',
    path: '/api/cost/sources/aws/import',
    allowed: ['platform'],
  },
  { method: 'get', path: '/api/fairness/rounds', allowed: ['auditor'] },
  {
    method: 'get',
    path: '/api/fairness/evidence?roundId=r-1',
    allowed: ['auditor'],
  },
  // Ingest is for game servers' service tokens only, never a user.
  { method: 'post', path: '/api/fairness/rounds/batch', allowed: [] },
];

describe('permission matrix across the portal plugins', () => {
  let server: any;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-matrix-'));

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        permissionBackend,
        portalPolicy,
        permissionsServiceFactory,
        // Real registry: conditional decisions (a team's cost) are applied by
        // the plugin's own permission rules over HTTP, as in production.
        permissionsRegistryServiceFactory,
        userInfoFactory,
        // Requests without a token stay unauthenticated (the mock's default
        // would be a signed-in user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        chainNodesBackend,
        nodeMixBackend,
        costBackend,
        fairnessBackend,
        mockServices.scheduler.mock().factory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            backend: { baseUrl: 'http://localhost:0' },
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
            chainNodes: { chains: {} },
            fairness: {
              origin: 'matrix.test/fairness',
              devKeyFile: path.join(dataDir, 'key'),
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  for (const route of MATRIX) {
    for (const who of (Object.keys(USERS) as Who[]).filter(
      w => !route.skip?.includes(w),
    )) {
      const allowed = route.allowed.includes(who);
      it(`${route.method.toUpperCase()} ${route.path}: ${who} is ${
        allowed ? 'let in' : 'refused (403)'
      }`, async () => {
        const res = await request(server)
          [route.method](route.path)
          .set('Authorization', mockCredentials.user.header(USERS[who]))
          .send(route.method === 'post' ? {} : undefined);
        if (allowed) {
          expect([401, 403]).not.toContain(res.status);
        } else {
          expect(res.status).toBe(403);
        }
      });
    }
    it(`${route.method.toUpperCase()} ${
      route.path
    }: no token or a forged token is 401`, async () => {
      const none = await request(server)[route.method](route.path);
      expect(none.status).toBe(401);
      const forged = await request(server)
        [route.method](route.path)
        .set('Authorization', mockCredentials.user.invalidHeader());
      expect(forged.status).toBe(401);
    });
  }
});
