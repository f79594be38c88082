import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  CostSource,
  costSourcesExtensionPoint,
} from '@internal/plugin-cost-node';
import costModuleAws from './index';

async function addedSources(config: object): Promise<CostSource[]> {
  const sources: CostSource[] = [];
  await startTestBackend({
    extensionPoints: [
      [costSourcesExtensionPoint, { addSource: s => sources.push(s) }],
    ],
    features: [
      costModuleAws,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return sources;
}

describe('cost-backend-module-aws', () => {
  it('adds nothing without cost.aws', async () => {
    expect(await addedSources({ cost: {} })).toEqual([]);
  });

  it('adds the Cost Explorer source with cost.aws, imported at its interval', async () => {
    const [source, ...rest] = await addedSources({
      cost: { aws: { region: 'eu-central-1', intervalMinutes: 120 } },
    });
    expect(rest).toEqual([]);
    expect(source.id).toBe('aws');
    expect(source.intervalMinutes).toBe(120);
    expect(source.report().detail).toBe(
      'GetCostAndUsage in eu-central-1, grouped by tags team/service',
    );
  });

  it('refuses half a static credential', async () => {
    await expect(
      addedSources({ cost: { aws: { accessKeyId: 'AKIA' } } }),
    ).rejects.toThrow(
      "Invalid config 'cost.aws': set both accessKeyId and secretAccessKey, or neither",
    );
  });
});
