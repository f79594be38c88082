import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { DemoClusterServer } from '@internal/demo-cluster';
import request from 'supertest';
import { nodeMixPlugin } from './plugin';
import { closedPortUrl, startDemoCluster } from './__testUtils__/demoCluster';

jest.setTimeout(60_000);

describe('nodeMixPlugin', () => {
  let demo: DemoClusterServer;

  beforeAll(async () => {
    demo = await startDemoCluster({ nodes: 30 });
  });

  afterAll(async () => {
    await demo.close();
  });

  it('serves the clusters of the kubernetes config, read from the demo endpoint', async () => {
    const { server } = await startTestBackend({
      features: [
        nodeMixPlugin,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
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
                      name: 'eks-prod',
                      url: await closedPortUrl(),
                      authProvider: 'serviceAccount',
                      serviceAccountToken: 'x',
                      skipTLSVerify: true,
                    },
                  ],
                },
              ],
            },
            nodeMix: {
              refreshIntervalSeconds: 3600,
              pricing: { spot: { defaultDiscount: 0.6 } },
            },
          },
        }),
      ],
    });

    expect((await request(server).get('/api/node-mix/health')).status).toBe(
      200,
    );

    await request(server)
      .post('/api/node-mix/clusters/demo-eks-dev/refresh')
      .expect(200);
    await request(server)
      .post('/api/node-mix/clusters/eks-prod/refresh')
      .expect(200);

    const list = await request(server).get('/api/node-mix/clusters');
    expect(list.status).toBe(200);
    const [dev, prod] = list.body.items;
    expect(dev).toMatchObject({
      name: 'demo-eks-dev',
      demo: true,
      state: 'ok',
    });
    expect(dev.headline.totals.nodes).toBe(30);
    expect(prod).toMatchObject({
      name: 'eks-prod',
      demo: false,
      state: 'error',
    });
    expect(prod.error).toMatch(/^Cannot reach/);

    const cluster = await request(server).get(
      '/api/node-mix/clusters/demo-eks-dev',
    );
    expect(cluster.body.summary.mix.arch.map((g: any) => g.key).sort()).toEqual(
      ['amd64', 'arm64'],
    );
    expect(cluster.body.summary.pricing.tableId).toBe(
      'aws-ec2-ondemand-linux-2026-11',
    );

    const nodes = await request(server).get(
      '/api/node-mix/clusters/demo-eks-dev/nodes',
    );
    expect(nodes.body.items).toHaveLength(30);
    const armSpot = nodes.body.items.filter(
      (n: any) => n.arch === 'arm64' && n.capacityType === 'spot',
    );
    expect(armSpot.length).toBeGreaterThan(0);
    expect(
      armSpot.every(
        (n: any) =>
          n.pricePerHour > 0 && n.priceSource.startsWith('spot: estimated'),
      ),
    ).toBe(true);
    // The demo cluster runs in the platform's region (eu-central-1, as
    // Terraform, the templates and the docs say), so the Clusters page, the
    // Cost page and the NodePool estimate price its nodes from one table row
    const onDemand = nodes.body.items.filter(
      (n: any) => n.capacityType === 'on-demand' && n.pricePerHour > 0,
    );
    expect(onDemand.length).toBeGreaterThan(0);
    for (const n of onDemand) {
      expect(n.zone).toMatch(/^eu-central-1[abc]$/);
      // AWS prices are off in tests: the shipped table, saying so
      expect(n.priceSource).toBe(
        'on-demand: shipped table (2026-11-27), offline fallback (AWS prices off: nodeMix.pricing.aws.enabled is false)',
      );
    }

    const history = await request(server).get(
      '/api/node-mix/clusters/demo-eks-dev/history?window=24h',
    );
    expect(history.body.points).toHaveLength(1);
    expect(
      (await request(server).get('/api/node-mix/clusters/nope')).status,
    ).toBe(404);
  });

  it('refuses a wrong config at start-up, before it touches the database', async () => {
    const database = mockServices.database.mock();
    await expect(
      startTestBackend({
        features: [
          nodeMixPlugin,
          database.factory,
          mockServices.rootConfig.factory({
            data: {
              kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
              nodeMix: {
                catalogClusters: { allowedApiServers: ['k8s.example'] },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      "nodeMix.catalogClusters.allowedApiServers entry 'k8s.example' must be https://host[:port]",
    );
    expect(database.getClient).not.toHaveBeenCalled();
  });
});
