import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CostRow, CostSink } from '@internal/plugin-cost-node';
import { HetznerCostSource } from './HetznerCostSource';

const node = (
  name: string,
  type?: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    annotations: {
      ...(type ? { 'hetzner.cloud/server-type': type } : {}),
      'hetzner.cloud/location': 'fsn1',
      ...annotations,
    },
  },
  spec: { type: 'chain-node', owner: 'group:chains' },
});

function store(hasRows: boolean) {
  const written: CostRow[][] = [];
  return {
    written,
    store: {
      hasRows: async () => hasRows,
      replaceDays: async (_s: string, _d: string[], rows: CostRow[]) => {
        written.push(rows);
      },
    } as unknown as CostSink,
  };
}

const settings = {
  enabled: true,
  baseUrl: 'https://hetzner.test/v1',
  eurToUsd: '1.10',
  backfillDays: 2,
  intervalMinutes: 60,
};

describe('HetznerCostSource', () => {
  it('prices chain nodes from the Hetzner API, per location, and counts unknown types', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (url: string) => {
      calls.push(url);
      const page = Number(new URL(url).searchParams.get('page'));
      return new Response(
        JSON.stringify(
          page === 1
            ? {
                server_types: [
                  {
                    name: 'ccx33',
                    prices: [
                      {
                        location: 'nbg1',
                        price_hourly: { net: '0.0800000000', gross: '0.0952' },
                      },
                      {
                        location: 'fsn1',
                        price_hourly: { net: '0.0750000000', gross: '0.0893' },
                      },
                    ],
                  },
                ],
                meta: { pagination: { page: 1, next_page: 2 } },
              }
            : {
                server_types: [],
                meta: { pagination: { page: 2, next_page: null } },
              },
        ),
        { status: 200 },
      );
    }) as unknown as typeof fetch;
    const s = store(true);
    const source = new HetznerCostSource({
      settings: { ...settings, token: 'secret' },
      logger: mockServices.logger.mock(),
      chainNodes: async () => [
        node('chain-1', 'ccx33'),
        node('chain-2', 'ax999'),
        node('chain-3'),
      ],
      fetch: fakeFetch,
      now: () => Date.parse('2026-11-27T10:00:00Z'),
    });
    const result = await source.import({ sink: s.store });
    expect(calls).toHaveLength(2);
    expect(result.unpriced).toEqual({ ax999: 1, '(no server type)': 1 });
    // 0.075 EUR/h × 24 h × 1.10 USD/EUR = 1.98 USD
    expect(s.written[0]).toEqual([
      {
        date: '2026-11-27',
        source: 'hetzner',
        cluster: 'hetzner/fsn1',
        team: 'group:default/chains',
        service: 'chain-1',
        amount: 1_980_000,
        currency: 'USD',
        demo: false,
      },
    ]);
  });

  it('falls back to the local table without a token and marks the backfill as demo', async () => {
    const s = store(false);
    const source = new HetznerCostSource({
      settings,
      logger: mockServices.logger.mock(),
      chainNodes: async () => [node('chain-1', 'ccx33')],
      now: () => Date.parse('2026-11-27T10:00:00Z'),
    });
    const result = await source.import({ sink: s.store });
    expect(result.days).toEqual(['2026-11-25', '2026-11-26', '2026-11-27']);
    expect(s.written[0].map(r => [r.date, r.demo])).toEqual([
      ['2026-11-25', true],
      ['2026-11-26', true],
      ['2026-11-27', false],
    ]);
  });

  it('charges a month of a ccx33 and its volume what the chain-node estimate says: $99.89 at 1.08', async () => {
    const s = store(false);
    const source = new HetznerCostSource({
      settings: { ...settings, eurToUsd: '1.08', backfillDays: 30 },
      logger: mockServices.logger.mock(),
      chainNodes: async () => [
        node('chain-1', 'ccx33', { 'hetzner.cloud/volume-size-gb': '1000' }),
      ],
      now: () => Date.parse('2026-12-31T10:00:00Z'),
    });
    await source.import({ sink: s.store });
    const december = s.written[0].filter(r => r.date.startsWith('2026-12'));
    expect(december).toHaveLength(31);
    // ccx33 EUR 48.49 + 1000 GB x EUR 0.044 = EUR 92.49 a month, x 1.08
    const total = december.reduce((sum, r) => sum + r.amount, 0);
    expect(Math.round(total / 10_000) / 100).toBe(99.89);
  });

  it('names the config key when Hetzner rejects the token', async () => {
    const rejecting = (async () =>
      new Response(
        JSON.stringify({
          error: { code: 'unauthorized', message: 'unable to authenticate' },
        }),
        { status: 401 },
      )) as unknown as typeof fetch;
    const source = new HetznerCostSource({
      settings: { ...settings, token: 'wrong' },
      logger: mockServices.logger.mock(),
      chainNodes: async () => [node('chain-1', 'ccx33')],
      fetch: rejecting,
    });
    await expect(source.import({ sink: store(true).store })).rejects.toThrow(
      'Hetzner Cloud rejected the token (401); check cost.hetzner.token',
    );
  });
});
