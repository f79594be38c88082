import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DemoClusterServer } from '@internal/demo-cluster';
import { NodeRow } from '@internal/plugin-node-mix-common';
import { DatabasePriceStore } from '../database/DatabasePriceStore';
import { DatabaseSnapshotStore } from '../database/DatabaseSnapshotStore';
import { clusterDetails, startDemoCluster } from '../__testUtils__/demoCluster';
import { createCredentialProvider } from '../clients/credentials';
import { createNodeMix } from '../__testUtils__/nodeMix';
import { PriceBook } from './PriceBook';
import { readNodeMixSettings, readPriceSettings } from '../config';

jest.setTimeout(60_000);

const GRAVITON_DISCOUNT = {
  apiVersion: 'karpenter.sh/v1alpha1',
  kind: 'NodeOverlay',
  metadata: { name: 'graviton-on-demand' },
  spec: {
    weight: 10,
    requirements: [
      { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
      {
        key: 'karpenter.sh/capacity-type',
        operator: 'In',
        values: ['on-demand'],
      },
    ],
    priceAdjustment: '-10%',
  },
};
const BROKEN = {
  apiVersion: 'karpenter.sh/v1alpha1',
  kind: 'NodeOverlay',
  metadata: { name: 'broken' },
  spec: { requirements: [], priceAdjustment: '10%' },
};

describe('node prices on the cluster page and in cost input', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let cluster: DemoClusterServer;

  beforeAll(async () => {
    cluster = await startDemoCluster({
      nodes: 40,
      nodeOverlays: [GRAVITON_DISCOUNT, BROKEN],
    });
  });
  afterAll(() => cluster.close());

  async function service(pricing: object) {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database.mock({
      getClient: async () => knex,
    });
    const config = new ConfigReader({ nodeMix: { pricing } });
    const settings = readNodeMixSettings(config);
    const logger = mockServices.logger.mock();
    return createNodeMix({
      clusters: [clusterDetails('dev', cluster.url, 'demo-cluster-token')],
      credentials: createCredentialProvider(new ConfigReader({})),
      store: await DatabaseSnapshotStore.create({ database }),
      logger,
      settings,
      prices: new PriceBook({
        shipped: settings.priceTable,
        settings: readPriceSettings(config, settings.defaultRegion),
        store: await DatabasePriceStore.create({ database }),
        logger,
      }),
    });
  }

  it("applies the cluster's NodeOverlay and the configured discount, showing list and effective price", async () => {
    const svc = await service({
      discounts: [{ name: 'Compute Savings Plan', rate: 0.2 }],
    });
    await svc.poller.refreshAll();
    const { summary } = JSON.parse(svc.reader.getClusterJson('dev'));
    const nodes: NodeRow[] = JSON.parse(svc.reader.getNodesJson('dev')).items;

    const armOnDemand = nodes.find(
      n => n.arch === 'arm64' && n.capacityType === 'on-demand',
    )!;
    expect(armOnDemand.priceAdjustments?.map(a => [a.name, a.change])).toEqual([
      ['graviton-on-demand', '-10%'],
      ['Compute Savings Plan', '20% off'],
    ]);
    expect(armOnDemand.pricePerHour).toBeCloseTo(
      armOnDemand.listPricePerHour! * 0.9 * 0.8,
      10,
    );
    const x86OnDemand = nodes.find(
      n =>
        n.arch === 'amd64' &&
        n.capacityType === 'on-demand' &&
        n.pricePerHour !== null,
    )!;
    expect(x86OnDemand.priceAdjustments?.map(a => a.name)).toEqual([
      'Compute Savings Plan',
    ]);
    const spot = nodes.find(n => n.capacityType === 'spot')!;
    expect(spot.priceAdjustments).toBeUndefined();
    expect(spot.pricePerHour).toBe(spot.listPricePerHour);

    // the page's source lines: shipped table, saying AWS prices are off
    expect(
      summary.pricing.sources.find((s: any) => s.capacityType === 'on-demand')
        .basis,
    ).toMatchObject({
      origin: 'shipped-table',
      fallbackReason: 'AWS prices off: nodeMix.pricing.aws.enabled is false',
    });
    expect(summary.pricing.overlays.map((o: any) => o.name)).toEqual([
      'graviton-on-demand',
    ]);
    expect(summary.pricing.listCostPerHour).toBeGreaterThan(
      summary.totals.costPerHour,
    );
    // a NodeOverlay the CRD would refuse is named, not applied
    expect(summary.warnings.join('\n')).toContain(
      'NodeOverlay \'broken\' priceAdjustment \'10%\' is not like "-10%" or "+0.05"; ignored',
    );

    // Cost allocates the same effective prices
    const input = await svc.reader.getCostInput('dev');
    expect(
      input.nodes.find(n => n.name === armOnDemand.name)!.pricePerHour,
    ).toBe(armOnDemand.pricePerHour);
    expect(input.pricing.priceTable.adjustments?.overlays).toHaveLength(1);
    // and the NodePool estimate gets the discount, but no cluster's overlays
    expect(svc.reader.getPricing().priceTable.adjustments).toEqual({
      overlays: [],
      discounts: [
        {
          name: 'Compute Savings Plan',
          rate: 0.2,
          capacityTypes: ['on-demand'],
        },
      ],
    });
  });

  it('leaves NodeOverlays alone when nodeOverlays.enabled is false', async () => {
    const svc = await service({ nodeOverlays: { enabled: false } });
    await svc.poller.refreshAll();
    const nodes: NodeRow[] = JSON.parse(svc.reader.getNodesJson('dev')).items;
    expect(nodes.some(n => n.priceAdjustments)).toBe(false);
  });
});
