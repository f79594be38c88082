import { AWS_ON_DEMAND_PRICES, AWS_SPOT_PRICING } from '@internal/pricing';
import { estimateNodePool } from './estimate';
import { nodeMixPrices } from './nodeMixPrices';

const pool = {
  region: 'eu-central-1',
  families: ['c7g'],
  sizes: ['xlarge'],
  cpuLimit: 100,
};

describe('nodeMixPrices', () => {
  it("estimates with node-mix's prices", async () => {
    const prices = nodeMixPrices({
      getPricing: async () => ({
        priceTable: {
          ...AWS_ON_DEMAND_PRICES,
          live: {
            onDemand: {
              'eu-central-1': {
                'c7g.xlarge': {
                  perHour: 0.2,
                  asOf: '2026-12-02T11:00:00.000Z',
                },
              },
            },
            spot: {},
            problems: {},
          },
        },
        spot: AWS_SPOT_PRICING,
        defaultRegion: 'eu-central-1',
      }),
    });
    const { priceTable, spot } = await prices();
    const e = estimateNodePool(priceTable, { ...pool, spot });
    expect(e.monthlyMin).toBeCloseTo(25 * 0.2 * 730, 2);
    expect(e.summary).toContain(
      'AWS Price List (eu-central-1), read 2026-12-02T11:00:00.000Z',
    );
  });

  it('falls back to the shipped table when node-mix does not answer, and says why', async () => {
    const prices = nodeMixPrices({
      getPricing: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
      },
    });
    const { priceTable, spot } = await prices();
    const e = estimateNodePool(priceTable, { ...pool, spot });
    expect(e.monthlyMin).toBeCloseTo(25 * 0.1724 * 730, 2);
    expect(e.summary).toContain(
      'Prices: on-demand: shipped table (2026-11-27), offline fallback (node-mix did not answer: connect ECONNREFUSED 127.0.0.1:7007)',
    );
  });
});
