import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CostRow,
  CostSink,
  CostSource,
  costSourcesExtensionPoint,
} from '@internal/plugin-cost-node';
import costModuleHetzner from './index';

async function addedSources(config: object): Promise<CostSource[]> {
  const sources: CostSource[] = [];
  await startTestBackend({
    extensionPoints: [
      [costSourcesExtensionPoint, { addSource: s => sources.push(s) }],
    ],
    features: [
      costModuleHetzner,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({
        entities: [
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
        ],
      }),
    ],
  });
  return sources;
}

describe('cost-backend-module-hetzner', () => {
  it('adds nothing with cost.hetzner.enabled false', async () => {
    expect(
      await addedSources({ cost: { hetzner: { enabled: false } } }),
    ).toEqual([]);
  });

  it("adds the Hetzner source by default, pricing the catalog's chain nodes", async () => {
    const [source, ...rest] = await addedSources({});
    expect(rest).toEqual([]);
    expect(source.id).toBe('hetzner');
    expect(source.intervalMinutes).toBe(60);
    const written: CostRow[] = [];
    const sink = {
      hasRows: async () => true,
      replaceDays: async (_s: string, _d: string[], rows: CostRow[]) => {
        written.push(...rows);
      },
    } as unknown as CostSink;
    await source.import({ sink, serviceOwners: async () => new Map() });
    expect(written.map(r => [r.service, r.team, r.cluster])).toEqual([
      ['chain-node-1', 'group:default/chains', 'hetzner/fsn1'],
    ]);
  });

  it('names the key of a bad exchange rate', async () => {
    await expect(
      addedSources({ cost: { hetzner: { eurToUsd: 'abc' } } }),
    ).rejects.toThrow(
      "Invalid config 'cost.hetzner.eurToUsd': 'abc' is not an amount",
    );
  });
});
