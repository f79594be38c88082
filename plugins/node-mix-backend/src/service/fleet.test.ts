import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ClusterSummary, Fleet } from '@internal/plugin-node-mix-common';
import { DemoClusterServer } from '@internal/demo-cluster';
import request from 'supertest';
import { nodeMixPlugin } from '../plugin';
import { closedPortUrl, startDemoCluster } from '../__testUtils__/demoCluster';
import { summaryWarnings } from './fleet';

jest.setTimeout(60_000);

const LOCATION = '../../catalog/locations.yaml';

function catalogCluster(name: string, url: string, origin: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'backstage.io/managed-by-origin-location': origin,
        'kubernetes.io/api-server': url,
        'kubernetes.io/api-server-certificate-authority': 'LS0tLS1CRUdJTi==',
        // a provider node-mix has no strategy for: fails fast, offline
        'kubernetes.io/auth-provider': 'oidc',
        'kubernetes.io/oidc-token-provider': 'okta',
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:platform' },
  };
}

describe('the fleet', () => {
  let dev: DemoClusterServer;
  let prod: DemoClusterServer;

  beforeAll(async () => {
    dev = await startDemoCluster({ nodes: 30, seed: 1 });
    prod = await startDemoCluster({ nodes: 12, seed: 2 });
  });
  afterAll(async () => {
    await dev.close();
    await prod.close();
  });

  it('adds up every cluster, config and catalog, each failing on its own', async () => {
    const trusted = `file:${path.resolve(LOCATION)}`;
    const allowedPort = new URL(await closedPortUrl()).port;
    const { server } = await startTestBackend({
      features: [
        nodeMixPlugin,
        catalogServiceMock.factory({
          entities: [
            // read, then fails on its own (no credentials for oidc)
            catalogCluster(
              'eks-catalog',
              `https://127.0.0.1:${allowedPort}`,
              trusted,
            ),
            // refused: the catalog must not point the backend elsewhere
            catalogCluster('eks-evil', 'https://attacker.example', trusted),
            catalogCluster(
              'eks-registered',
              `https://127.0.0.1:${allowedPort}`,
              'url:https://github.com/someone/x/catalog-info.yaml',
            ),
            // the config's demo-eks-dev wins over this one
            catalogCluster(
              'demo-eks-dev',
              `https://127.0.0.1:${allowedPort}`,
              trusted,
            ),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            catalog: { locations: [{ type: 'file', target: LOCATION }] },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'demo-eks-dev',
                      url: dev.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'demo-cluster-token',
                      skipTLSVerify: true,
                    },
                    {
                      name: 'demo-eks-prod',
                      url: prod.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'demo-cluster-token',
                      skipTLSVerify: true,
                    },
                  ],
                },
                { type: 'catalog' },
              ],
            },
            nodeMix: {
              refreshIntervalSeconds: 3600,
              catalogClusters: {
                allowedApiServers: [`https://127.0.0.1:${allowedPort}`],
              },
            },
          },
        }),
      ],
    });

    // The catalog sync runs at start-up; wait for the catalog cluster.
    const fleet = async (): Promise<Fleet> =>
      (await request(server).get('/api/node-mix/fleet').expect(200)).body;
    for (let i = 0; i < 100; i++) {
      if ((await fleet()).clusters.length === 3) break;
      await new Promise(r => setTimeout(r, 100));
    }
    for (const name of ['demo-eks-dev', 'demo-eks-prod', 'eks-catalog']) {
      await request(server)
        .post(`/api/node-mix/clusters/${name}/refresh`)
        .expect(200);
    }

    const body = await fleet();
    expect(body.clusters.map(c => [c.name, c.source, c.state])).toEqual([
      ['demo-eks-dev', 'config', 'ok'],
      ['demo-eks-prod', 'config', 'ok'],
      ['eks-catalog', 'catalog', 'error'],
    ]);
    expect(body.totals).toMatchObject({
      clusters: 3,
      clustersOk: 2,
      clustersFailing: 1,
      clustersWithoutData: 1,
      nodes: 42,
    });
    // the mix adds up to the same nodes as the totals, on both dimensions
    const sum = (groups: Fleet['byArch']) =>
      groups.reduce((s, g) => s + g.nodes, 0);
    expect(sum(body.byArch)).toBe(42);
    expect(sum(body.byCapacityType)).toBe(42);
    const [devRow, prodRow, catalogRow] = body.clusters;
    expect(body.totals.costPerHour).toBeCloseTo(
      devRow.headline!.totals.costPerHour +
        prodRow.headline!.totals.costPerHour,
      6,
    );
    expect(catalogRow.warnings[0]).toMatchObject({
      cluster: 'eks-catalog',
      kind: 'unreachable',
    });
    expect(catalogRow.warnings[0].message).toMatch(
      /Could not get credentials for cluster 'eks-catalog'/,
    );
    expect(body.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/'eks-evil'.*not on nodeMix.catalogClusters/),
        expect.stringMatching(
          /'eks-registered'.*not from the portal's own catalog locations/,
        ),
        "Catalog cluster 'demo-eks-dev' is also in the kubernetes config; the config's entry is used",
      ]),
    );
    expect(body.problems).toHaveLength(3);

    // the config's demo-eks-dev is the one read, not the catalog's
    expect(devRow.headline!.totals.nodes).toBe(30);

    // permission-checked like the other routes: no anonymous reads
    await request(server)
      .get('/api/node-mix/fleet')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
  });
});

describe('summaryWarnings', () => {
  const summary = (over: Partial<ClusterSummary>): ClusterSummary =>
    ({
      cluster: 'c',
      nodePools: [],
      nodeClasses: [],
      nodeClaims: { total: 0, issues: [] },
      warnings: [],
      ...over,
    } as unknown as ClusterSummary);

  it('is empty for a healthy cluster', () => {
    expect(summaryWarnings(summary({}))).toEqual([]);
  });

  it("names what on-call acts on: unplaced pods, full NodePools, NodeClasses, NodeClaims, the read's data problems", () => {
    const warnings = summaryWarnings(
      summary({
        pendingPods: { total: 3, unschedulable: 2, items: [] },
        nodePools: [
          { name: 'x86', limitUsage: 0.93 },
          { name: 'graviton', limitUsage: 0.5 },
          { name: 'nolimit', limitUsage: null },
        ] as any,
        nodeClasses: [
          { name: 'default', ready: false, message: 'AMI not found' },
          { name: 'other', ready: true },
        ],
        nodeClaims: {
          total: 9,
          issues: [
            { kind: 'drifted' },
            { kind: 'drifted' },
            { kind: 'expiring' },
            { kind: 'disrupted' },
          ] as any,
        },
        warnings: ['3 nodes have no topology.kubernetes.io/zone label'],
      }),
    );
    expect(warnings.map(w => [w.kind, w.message])).toEqual([
      ['unschedulable', '2 pods the scheduler cannot place'],
      ['nodepool-limit', "NodePool 'x86' is at 93 % of its limits"],
      ['nodeclass', "EC2NodeClass 'default' is not Ready: AMI not found"],
      ['nodeclaims', '2 NodeClaims drifted, 1 NodeClaims expiring soon'],
      ['data', '3 nodes have no topology.kubernetes.io/zone label'],
    ]);
  });
});
