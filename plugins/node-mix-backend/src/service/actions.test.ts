import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { DemoClusterServer } from '@internal/demo-cluster';
import request from 'supertest';
import { nodeMixPlugin } from '../plugin';
import { registerNodeMixActions } from './actions';
import { closedPortUrl, startDemoCluster } from '../__testUtils__/demoCluster';

jest.setTimeout(60_000);

const ALLOWED = 'user:default/olga.oncall';
const DENIED = 'user:default/no-clusters';

/** A permission service that refuses node-mix.cluster.read to one user. */
const permissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], options: any) {
      const user = options?.credentials?.principal?.userEntityRef;
      return requests.map(() => ({
        result: user === DENIED ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      }));
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
  }),
});

/** One MCP JSON-RPC call to the mcp-actions endpoint (streamable HTTP, stateless). */
async function mcp(server: any, user: string, method: string, params = {}) {
  const res = await request(server)
    .post('/api/mcp-actions/v1')
    .set('Authorization', mockCredentials.user.header(user))
    .set('Accept', 'application/json, text/event-stream')
    .send({ jsonrpc: '2.0', id: 1, method, params });
  expect(res.status).toBe(200);
  // The transport answers as an event stream: `data: {json}` lines.
  const text = res.text ?? String(res.body);
  const data = text
    .split('\n')
    .filter(l => l.startsWith('data: '))
    .map(l => JSON.parse(l.slice(6)));
  return data.length ? data[data.length - 1] : JSON.parse(text);
}

describe('node-mix actions', () => {
  let demo: DemoClusterServer;
  let server: any;

  beforeAll(async () => {
    demo = await startDemoCluster({ nodes: 30 });
    ({ server } = await startTestBackend({
      features: [
        nodeMixPlugin,
        mcpActionsPlugin,
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        permissions,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['node-mix'] } },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'demo-eks-dev',
                      url: demo.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'demo-cluster-token',
                      skipTLSVerify: true,
                    },
                    {
                      name: 'demo-eks-prod',
                      url: await closedPortUrl(),
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'demo-cluster-token',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            nodeMix: { refreshIntervalSeconds: 3600 },
          },
        }),
      ],
    }));
    for (const name of ['demo-eks-dev', 'demo-eks-prod']) {
      await request(server)
        .post(`/api/node-mix/clusters/${name}/refresh`)
        .expect(200);
    }
  });

  afterAll(async () => {
    await demo.close();
  });

  it('are offered as MCP tools to a user who may read clusters, and to no one else', async () => {
    const allowed = await mcp(server, ALLOWED, 'tools/list');
    // namespaced by plugin id (mcpActions.namespacedToolNames, the default)
    expect(allowed.result.tools.map((t: any) => t.name).sort()).toEqual([
      'node-mix.explain-node-consolidation',
      'node-mix.get-cluster-mix',
      'node-mix.get-fleet-warnings',
    ]);
    const denied = await mcp(server, DENIED, 'tools/list');
    expect(denied.result.tools).toEqual([]);
  });

  it("answer a cluster's mix through MCP, and refuse a user without node-mix.cluster.read", async () => {
    const answer = await mcp(server, ALLOWED, 'tools/call', {
      name: 'node-mix.get-cluster-mix',
      arguments: { cluster: 'demo-eks-dev' },
    });
    expect(answer.result.isError).toBeFalsy();
    const mix = JSON.parse(answer.result.content[0].text);
    expect(mix).toMatchObject({ cluster: 'demo-eks-dev', nodes: 30 });
    expect(mix.byArch.map((g: any) => g.key).sort()).toEqual([
      'amd64',
      'arm64',
    ]);
    expect(mix.costPerHour).toBeGreaterThan(0);

    const refused = await mcp(server, DENIED, 'tools/call', {
      name: 'node-mix.get-cluster-mix',
      arguments: { cluster: 'demo-eks-dev' },
    });
    expect(JSON.stringify(refused)).not.toContain('"nodes":30');
    expect(refused.error ?? refused.result?.isError).toBeTruthy();
  });

  it('refuses the denied user at the registry HTTP invoke too, and answers the fleet to an allowed one', async () => {
    // The action checks the permission itself, like the HTTP route does.
    const res = await request(server)
      .post(
        '/api/node-mix/.backstage/actions/v1/actions/node-mix:get-fleet-warnings/invoke',
      )
      .set('Authorization', mockCredentials.user.header(DENIED))
      .send({});
    expect([403, 404]).toContain(res.status);
    const ok = await request(server)
      .post(
        '/api/node-mix/.backstage/actions/v1/actions/node-mix:get-fleet-warnings/invoke',
      )
      .set('Authorization', mockCredentials.user.header(ALLOWED))
      .send({});
    expect(ok.status).toBe(200);
    const { output } = ok.body;
    expect(output.totals).toMatchObject({
      clusters: 2,
      clustersOk: 1,
      clustersFailing: 1,
      nodes: 30,
    });
    const prod = output.clusters.find((c: any) => c.name === 'demo-eks-prod');
    expect(prod.state).toBe('error');
    expect(prod.warnings[0]).toMatchObject({ kind: 'unreachable' });
    expect(prod.warnings[0].message).toMatch(/^Cannot reach/);
  });

  it('explains a node: a consolidation candidate with its blockers, or a node in use', async () => {
    const cluster = (
      await request(server).get('/api/node-mix/clusters/demo-eks-dev')
    ).body;
    const nodes = (
      await request(server).get('/api/node-mix/clusters/demo-eks-dev/nodes')
    ).body.items;
    const candidates = cluster.summary.consolidation.candidates;
    // a blocked one says the most; the demo cluster has some
    const candidate =
      candidates.find((c: any) => c.state === 'blocked') ?? candidates[0];
    expect(candidate).toBeDefined();
    const inUse = nodes.find((n: any) => !n.consolidation);
    const invoke = (node: string) =>
      request(server)
        .post(
          '/api/node-mix/.backstage/actions/v1/actions/node-mix:explain-node-consolidation/invoke',
        )
        .set('Authorization', mockCredentials.user.header(ALLOWED))
        .send({ cluster: 'demo-eks-dev', node });

    const explained = (await invoke(candidate.node).expect(200)).body.output;
    expect(explained.verdict).toBe(candidate.state);
    expect(explained.blockers).toEqual(candidate.blockers);
    expect(explained.explanation).toContain(
      candidate.blockers.map((b: any) => b.message).join('; '),
    );
    // and Karpenter's own events about it, verbatim (the demo cluster emits
    // them like Karpenter 1.14; read live for the node and its NodeClaim)
    expect(explained.karpenter.length).toBeGreaterThan(0);
    for (const e of explained.karpenter) {
      expect([candidate.node, explained.nodeClaim]).toContain(e.objectName);
      expect(explained.explanation).toContain(`${e.reason} on ${e.objectKind}`);
      expect(explained.explanation).toContain(e.message);
    }
    const { output } = (await invoke(inUse.name).expect(200)).body;
    expect(output.verdict).toBe('in-use');
    expect(output.explanation).toMatch(
      /its pods request CPU \d+ % and memory \d+ % of allocatable/,
    );

    expect((await invoke('no-such-node')).status).toBe(404);
    // hostile input never reaches the cluster: the schema refuses it
    expect((await invoke('../../etc/passwd')).status).toBe(400);
  });
});

describe('node-mix actions, each checking the permission itself', () => {
  it('refuses a caller without node-mix.cluster.read even where the registry does not hide the action', async () => {
    // The mock registry applies no visibilityPermission: only the action's
    // own check stands between the caller and the cluster's numbers.
    const actionsRegistry = actionsRegistryServiceMock();
    const source = {
      getClusterJson: jest.fn(() => {
        throw new Error('must not be read');
      }),
      getNodesJson: jest.fn(),
      fleet: jest.fn(),
      underutilizedThreshold: 0.5,
    };
    registerNodeMixActions({
      actionsRegistry,
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
      source,
    });
    for (const [id, input] of [
      ['test:get-cluster-mix', { cluster: 'demo-eks-dev' }],
      ['test:get-fleet-warnings', {}],
      [
        'test:explain-node-consolidation',
        { cluster: 'demo-eks-dev', node: 'n1' },
      ],
    ] as const) {
      await expect(
        actionsRegistry.invoke({
          id,
          input,
          credentials: mockCredentials.user(DENIED),
        }),
      ).rejects.toThrow('Not allowed: node-mix.cluster.read');
    }
    expect(source.getClusterJson).not.toHaveBeenCalled();
    expect(source.fleet).not.toHaveBeenCalled();
  });
});
