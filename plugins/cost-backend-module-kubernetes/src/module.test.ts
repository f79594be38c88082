import {
  createServiceFactory,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  costDemoBackfillExtensionPoint,
  CostSource,
  costSourcesExtensionPoint,
} from '@internal/plugin-cost-node';
import { nodeMixClientServiceRef } from '@internal/plugin-node-mix-node';
import costModuleKubernetes from './index';

const clusters = {
  clusterLocatorMethods: [
    { type: 'config', clusters: [{ name: 'demo-test', url: 'http://x' }] },
  ],
};

async function addedSources(
  config: object,
  features: any[] = [],
): Promise<CostSource[]> {
  const sources: CostSource[] = [];
  await startTestBackend({
    extensionPoints: [
      [costSourcesExtensionPoint, { addSource: s => sources.push(s) }],
    ],
    features: [
      costModuleKubernetes,
      mockServices.rootConfig.factory({ data: config }),
      createServiceFactory({
        service: nodeMixClientServiceRef,
        deps: {},
        factory: () => ({} as any),
      }),
      ...features,
    ],
  });
  return sources;
}

describe('cost-backend-module-kubernetes', () => {
  it('adds nothing without clusters, or with cost.kubernetes.enabled false', async () => {
    expect(await addedSources({})).toEqual([]);
    expect(
      await addedSources({
        kubernetes: clusters,
        cost: { kubernetes: { enabled: false } },
      }),
    ).toEqual([]);
  });

  it('adds the Kubernetes source when node-mix has clusters, sampled at its interval', async () => {
    const [source, ...rest] = await addedSources({
      kubernetes: clusters,
      cost: { kubernetes: { sampleIntervalMinutes: 5 } },
    });
    expect(rest).toEqual([]);
    expect(source.id).toBe('kubernetes');
    expect(source.intervalMinutes).toBe(5);
  });

  it('provides the demo backfill extension point to the modules of cost', async () => {
    const setDemoBackfill = jest.fn();
    await addedSources({ kubernetes: clusters }, [
      createBackendModule({
        pluginId: 'cost',
        moduleId: 'test-backfill',
        register(reg) {
          reg.registerInit({
            deps: { backfill: costDemoBackfillExtensionPoint },
            async init({ backfill }) {
              setDemoBackfill();
              backfill.setDemoBackfill({ hours: async () => [] });
            },
          });
        },
      }),
    ]);
    expect(setDemoBackfill).toHaveBeenCalledTimes(1);
  });
});
