import {
  AWS_ON_DEMAND_PRICES,
  DEFAULT_EXCHANGE_RATE,
  HETZNER_PRICES,
  hetznerDailyNet,
  hetznerVolumeDailyNet,
  eurToUsd,
  sumMicros,
} from '@internal/pricing';
import { estimateHetznerNode, estimateNodePool } from './estimate';

const pool = {
  region: 'eu-central-1',
  families: ['m7g', 'c7g'],
  sizes: ['xlarge'],
  cpuLimit: 100,
};

describe('estimateNodePool', () => {
  it('prices on-demand in the chosen region', () => {
    const eu = estimateNodePool(AWS_ON_DEMAND_PRICES, pool);
    const us = estimateNodePool(AWS_ON_DEMAND_PRICES, {
      ...pool,
      region: 'us-east-1',
    });
    // 25 c7g.xlarge at $0.1724 (eu) / $0.145 (us) for 730 hours
    expect(eu.monthlyMin).toBeCloseTo(3146.3, 2);
    expect(us.monthlyMin).toBeCloseTo(2646.25, 2);
    expect(eu.summary).toContain('on-demand, eu-central-1');
  });

  it("prices from node-mix's AWS prices and discounts and names their source and date", () => {
    const table = {
      ...AWS_ON_DEMAND_PRICES,
      live: {
        onDemand: {
          'eu-central-1': {
            'c7g.xlarge': { perHour: 0.18, asOf: '2026-12-02T11:00:00.000Z' },
          },
        },
        spot: {
          'eu-central-1a': {
            'c7g.xlarge': { perHour: 0.06, asOf: '2026-12-02T13:50:00.000Z' },
          },
          'eu-central-1b': {
            'c7g.xlarge': { perHour: 0.08, asOf: '2026-12-02T13:50:00.000Z' },
          },
        },
        problems: {},
      },
      adjustments: {
        overlays: [],
        discounts: [
          {
            name: 'Compute Savings Plan',
            rate: 0.1,
            capacityTypes: ['on-demand'],
          },
        ],
      },
    };
    const od = estimateNodePool(table, { ...pool, families: ['c7g'] });
    expect(od.monthlyMin).toBeCloseTo(25 * 0.18 * 0.9 * 730, 2);
    expect(od.summary).toContain(
      'Prices: on-demand: AWS Price List (eu-central-1), read 2026-12-02T11:00:00.000Z; discount Compute Savings Plan: 10% off',
    );
    // a spot-only pool at the mean spot price of the region's zones
    const spot = estimateNodePool(table, {
      ...pool,
      families: ['c7g'],
      capacityTypes: ['spot'],
    });
    expect(spot.monthlyMin).toBeCloseTo(25 * 0.07 * 730, 2);
    expect(spot.summary).toContain(
      'Prices: spot: spot price history, eu-central-1 (mean of 2 zones), read 2026-12-02T13:50:00.000Z',
    );
    // without AWS prices: the shipped table, named as the fallback
    expect(estimateNodePool(AWS_ON_DEMAND_PRICES, pool).summary).toContain(
      'Prices: on-demand: shipped table (2026-11-27), offline fallback',
    );
  });

  it('stops at the memory limit when it comes before the CPU limit', () => {
    const e = estimateNodePool(AWS_ON_DEMAND_PRICES, {
      ...pool,
      memoryLimitGi: 100,
    });
    // m7g.xlarge: min(25, 100/16 = 6.25) x $0.1944; c7g: min(25, 12.5) x $0.1724
    expect(e.monthlyMin).toBeCloseTo(6.25 * 0.1944 * 730, 2);
    expect(e.monthlyMax).toBeCloseTo(12.5 * 0.1724 * 730, 2);
    expect(e.summary).toContain('(100 vCPU, 100 GiB, on-demand');
  });

  it('prices a spot-only pool at spot prices, a mixed one with on-demand as the ceiling', () => {
    const spotOnly = estimateNodePool(AWS_ON_DEMAND_PRICES, {
      ...pool,
      capacityTypes: ['spot'],
    });
    expect(spotOnly.monthlyMin).toBeCloseTo(3146.3 * 0.4, 2);
    expect(spotOnly.monthlyMax).toBeCloseTo(25 * 0.1944 * 0.4 * 730, 2);
    expect(spotOnly.summary).toContain(', spot, eu-central-1');
    const mixed = estimateNodePool(AWS_ON_DEMAND_PRICES, {
      ...pool,
      capacityTypes: ['spot', 'on-demand'],
    });
    expect(mixed.monthlyMin).toBeCloseTo(3146.3 * 0.4, 2);
    expect(mixed.monthlyMax).toBeCloseTo(25 * 0.1944 * 730, 2);
  });

  it('refuses an unknown region, naming it', () => {
    expect(() =>
      estimateNodePool(AWS_ON_DEMAND_PRICES, { ...pool, region: 'mars-1' }),
    ).toThrow("region 'mars-1' is not in price table");
  });
});

describe('estimateHetznerNode', () => {
  it('costs what a month of the node costs on the Cost page, volume included, at the shown rate', () => {
    const e = estimateHetznerNode(
      { serverType: 'ccx33', volumeSizeGb: 1000 },
      DEFAULT_EXCHANGE_RATE,
    );
    expect(e.monthlyMax).toBe(92.49);
    // The Cost page's December: 31 days of server and volume, in USD
    const days = Array.from(
      { length: 31 },
      (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`,
    );
    const page = sumMicros(
      days.map(d =>
        eurToUsd(
          hetznerDailyNet(HETZNER_PRICES.serverTypes.ccx33, d) +
            hetznerVolumeDailyNet(HETZNER_PRICES, 1000, d),
          DEFAULT_EXCHANGE_RATE,
        ),
      ),
    );
    expect(Math.round(page / 10_000) / 100).toBe(99.89);
    expect(e.summary).toContain('$99.89 on the Cost page at 1 EUR = 1.08 USD');
  });
});
