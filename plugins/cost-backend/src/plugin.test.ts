import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_SERVICES,
  DemoClusterModel,
  DemoClusterServer,
  startDemoClusterServer,
} from '@internal/demo-cluster';
import { CostSummary, EntityCost } from '@internal/plugin-cost-common';
// Test only (a devDependency): the portal's backend runs node-mix beside
// cost, and cost reads it over HTTP through node-mix-node.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import nodeMixPlugin from '@internal/plugin-node-mix-backend';
import demoBackfillModule from '@internal/plugin-cost-backend-module-demo-backfill';
import hetznerModule from '@internal/plugin-cost-backend-module-hetzner';
import kubernetesModule from '@internal/plugin-cost-backend-module-kubernetes';
import request from 'supertest';
import { costPlugin } from './plugin';

jest.setTimeout(120_000);

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'backstage.io/kubernetes-id': name } },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const entities: Entity[] = [
  component('wallet', 'mono'),
  component('game-dice', 'group:default/direct'),
  component('chain-gateway', 'chains'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'mono',
      // the demo cluster's payments namespace runs mono's unlabelled workloads
      annotations: { 'casino.io/kubernetes-namespaces': 'payments' },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'chain-node-1',
      annotations: {
        'hetzner.cloud/server-type': 'ccx33',
        'hetzner.cloud/location': 'fsn1',
      },
    },
    spec: { type: 'chain-node', owner: 'group:chains' },
  },
];

describe('cost backend', () => {
  let cluster: DemoClusterServer;
  beforeAll(async () => {
    const model = new DemoClusterModel({
      name: 'demo-test',
      nodes: 30,
      seed: 7,
      services: DEFAULT_SERVICES,
    });
    cluster = await startDemoClusterServer({ model });
  });
  afterAll(() => cluster?.close());

  async function start(
    permissions?: ReturnType<typeof createServiceFactory>,
    options: { sourceModules?: boolean } = {},
  ) {
    const send = jest.fn(async () => {});
    const scheduled: string[] = [];
    const { server } = await startTestBackend({
      features: [
        costPlugin,
        // cost reads the clusters through node-mix over HTTP (node-mix-node)
        nodeMixPlugin,
        ...(options.sourceModules === false
          ? []
          : [
              // the sources, as packages/backend adds them (AWS is off
              // without cost.aws, so its module is left out)
              kubernetesModule,
              hetznerModule,
              // the local default's demo backfill, enabled below
              demoBackfillModule,
            ]),
        mockServices.scheduler.mock({
          scheduleTask: jest.fn(async task => {
            scheduled.push(task.id);
          }),
        }).factory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send }),
        }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'demo-test',
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'demo-cluster-token',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            cost: {
              kubernetes: { backfillDays: 3 },
              demoBackfill: { enabled: true },
              hetzner: { backfillDays: 3 },
              budgets: { mono: '0.01', direct: '100000' },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
        ...(permissions ? [permissions] : []),
      ],
    });
    return { server, send, scheduled };
  }

  it('imports Kubernetes and Hetzner cost, serves the Cost page, team and component views, and alerts over budget', async () => {
    const { server, send, scheduled } = await start();
    expect(scheduled.filter(id => id.startsWith('cost_'))).toEqual([
      'cost_import_kubernetes',
      'cost_import_hetzner',
    ]);

    // node-mix's scheduled read has not run (the scheduler is mocked): the
    // first cost import has node-mix read the cluster on demand
    await request(server)
      .post('/api/cost/sources/kubernetes/import')
      .expect(200);
    // read (and cached) before the Hetzner import: the import drops it
    const beforeHetzner: CostSummary = (
      await request(server).get('/api/cost/summary?days=30').expect(200)
    ).body;
    expect(beforeHetzner.byCluster.map(c => c.key)).not.toContain(
      'hetzner/fsn1',
    );
    const sources = await request(server)
      .post('/api/cost/sources/hetzner/import')
      .expect(200);
    expect(
      sources.body.items.map((s: any) => [
        s.id,
        s.configured,
        s.lastImport?.ok ?? null,
      ]),
    ).toEqual([
      ['kubernetes', true, true],
      ['aws', false, null],
      ['hetzner', true, true],
    ]);
    // the Cost page names the exchange rate it converted Hetzner's EUR at
    expect(
      sources.body.items.find((s: any) => s.id === 'hetzner').detail,
    ).toContain('volumes included; EUR converted at 1 EUR = 1.08 USD');
    // and where the cluster's node prices came from (node-mix's price book:
    // the shipped table here, as AWS prices are off)
    const kubernetesPrices = sources.body.items.find(
      (s: any) => s.id === 'kubernetes',
    ).prices;
    expect(kubernetesPrices).toContainEqual(
      expect.objectContaining({
        cluster: 'demo-test',
        capacityType: 'on-demand',
        basis: expect.objectContaining({
          origin: 'shipped-table',
          fallbackReason:
            'AWS prices off: nodeMix.pricing.aws.enabled is false',
        }),
      }),
    );

    const summary: CostSummary = (
      await request(server).get('/api/cost/summary?days=30').expect(200)
    ).body;
    expect(summary.restricted).toBe(false);
    expect(summary.demo).toBe(true);
    expect(summary.total).toBe(
      summary.byTeam.reduce((s, t) => s + t.amount, 0),
    );
    expect(summary.total).toBe(
      summary.bySource.reduce((s, t) => s + t.amount, 0),
    );
    expect(summary.byTeam.map(t => t.key)).toEqual(
      expect.arrayContaining([
        'group:default/mono',
        'group:default/direct',
        'group:default/chains',
      ]),
    );
    // idle and kube-system are shared over the teams (the default rule)
    expect(summary.byTeam.map(t => t.key)).not.toContain('__idle__');
    expect(summary.sharing).toEqual({
      rule: 'proportional',
      namespaces: ['kube-system', 'monitoring'],
      idle: true,
    });
    // 4 days of cost: the 30 days before the window hold none
    expect(summary.previousComplete).toBe(false);
    expect(summary.byCluster.map(c => c.key)).toEqual(
      expect.arrayContaining(['demo-test', 'hetzner/fsn1']),
    );
    // backfilled 3 days plus today
    expect(summary.trend.length).toBe(4);

    const team: EntityCost = (
      await request(server)
        .get('/api/cost/teams/default/mono?days=90')
        .expect(200)
    ).body;
    // its service, its namespace's workloads, and its share of idle and kube-system
    expect(team.byService.map(s => s.key).sort()).toEqual([
      'namespace/payments',
      'shared/idle',
      'shared/namespace/kube-system',
      'wallet',
    ]);
    expect(team.previousComplete).toBe(false);
    expect(team.whatIf.map(w => w.scenario)).toEqual([
      'graviton',
      'spot',
      'graviton-spot',
    ]);
    expect(team.budget).toMatchObject({
      team: 'group:default/mono',
      exceeded: true,
    });

    const card: EntityCost = (
      await request(server)
        .get('/api/cost/entity')
        .query({ entityRef: 'component:default/wallet' })
        .expect(200)
    ).body;
    expect(card).toMatchObject({
      kind: 'service',
      service: 'wallet',
      team: 'group:default/mono',
    });
    expect(card.total).toBeGreaterThan(0);

    // over budget: mono is told once; direct is within budget
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: 'group:default/mono' },
      }),
    );
  });

  it('starts without a source module, schedules nothing and reports no source', async () => {
    const { server, scheduled } = await start(undefined, {
      sourceModules: false,
    });
    expect(scheduled.filter(id => id.startsWith('cost_'))).toEqual([]);
    await request(server)
      .post('/api/cost/sources/kubernetes/import')
      .expect(200);
    const sources = await request(server).get('/api/cost/sources').expect(200);
    expect(
      sources.body.items.map((s: any) => [
        s.id,
        s.configured,
        s.lastImport ?? null,
      ]),
    ).toEqual([
      ['kubernetes', false, null],
      ['aws', false, null],
      ['hetzner', false, null],
    ]);
    expect(sources.body.items[0].detail).toContain(
      '@internal/plugin-cost-backend-module-kubernetes',
    );
    const summary: CostSummary = (
      await request(server).get('/api/cost/summary?days=30').expect(200)
    ).body;
    expect(summary.total).toBe(0);
  });

  it('rejects bad input with a 400 naming the field, and unauthenticated callers with 401', async () => {
    const { server } = await start();
    const bad = await request(server)
      .get('/api/cost/summary?days=7')
      .expect(400);
    expect(bad.body.error.message).toContain('at "days"');
    await request(server).get('/api/cost/summary?days=30&extra=1').expect(400);
    const kind = await request(server)
      .get('/api/cost/entity?entityRef=api:default/x')
      .expect(400);
    expect(kind.body.error.message).toBe(
      `Invalid query parameter: cost is kept for Groups and Components, not 'api' at "entityRef"`,
    );
    await request(server).post('/api/cost/sources/gcp/import').expect(400);
    await request(server)
      .get('/api/cost/summary')
      .set('Authorization', mockCredentials.user.invalidHeader())
      .expect(401);
  });

  it('shows a team member only their own team', async () => {
    const permissions = createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () =>
        ({
          authorize: async (requests: any[]) =>
            requests.map(r => ({
              result:
                r.permission.name === 'cost.team.read' &&
                r.resourceRef === 'group:default/mono'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            })),
          authorizeConditional: async () => [],
        } as any),
    });
    const { server } = await start(permissions);
    // imports need cost.import
    await request(server)
      .post('/api/cost/sources/kubernetes/import')
      .expect(403);
    const summary: CostSummary = (
      await request(server).get('/api/cost/summary').expect(200)
    ).body;
    expect(summary.restricted).toBe(true);
    expect(summary.byTeam.every(t => t.key === 'group:default/mono')).toBe(
      true,
    );
    await request(server).get('/api/cost/teams/default/mono').expect(200);
    await request(server).get('/api/cost/teams/default/direct').expect(403);
    await request(server).get('/api/cost/sources').expect(403);
  });
  it('sends a cached summary to callers with the same teams only, with an ETag', async () => {
    const MEMBER = 'user:default/mono-member';
    const permissions = createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () =>
        ({
          authorize: async (requests: any[], { credentials }: any) =>
            requests.map(r => ({
              result:
                credentials.principal.userEntityRef !== MEMBER ||
                (r.permission.name === 'cost.team.read' &&
                  r.resourceRef === 'group:default/mono')
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            })),
          authorizeConditional: async () => [],
        } as any),
    });
    const { server } = await start(permissions);
    const member = mockCredentials.user.header(MEMBER);
    await request(server)
      .post('/api/cost/sources/kubernetes/import')
      .expect(200);
    const everyTeam = await request(server)
      .get('/api/cost/summary')
      .expect(200);
    expect(everyTeam.body.restricted).toBe(false);
    expect(everyTeam.headers.etag).toBeTruthy();
    // the whole summary is cached and serialized now; the member's is not it
    for (let i = 0; i < 2; i++) {
      const own = await request(server)
        .get('/api/cost/summary')
        .set('Authorization', member)
        .expect(200);
      expect(own.body.restricted).toBe(true);
      expect(own.body.byTeam.map((t: any) => t.key)).toEqual([
        'group:default/mono',
      ]);
      expect(own.headers.etag).not.toBe(everyTeam.headers.etag);
      await request(server)
        .get('/api/cost/summary')
        .set('Authorization', member)
        .set('If-None-Match', everyTeam.headers.etag)
        .expect(200);
    }
    const again = await request(server)
      .get('/api/cost/summary')
      .set('If-None-Match', everyTeam.headers.etag)
      .expect(304);
    expect(again.text).toBe('');
  });
});
