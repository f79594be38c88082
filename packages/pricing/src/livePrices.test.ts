import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  PriceTable,
  resolvePrice,
} from './ec2Prices';
import { describeAge, describeBasis } from './priceBasis';

const READ = '2026-12-02T11:00:00.000Z';
const SPOT_READ = '2026-12-02T13:50:00.000Z';
const NOW = Date.parse('2026-12-02T14:00:00.000Z');

const live: PriceTable = {
  ...AWS_ON_DEMAND_PRICES,
  live: {
    onDemand: {
      'eu-central-1': { 'm6i.xlarge': { perHour: 0.2304, asOf: READ } },
    },
    spot: {
      'eu-central-1a': { 'm6i.xlarge': { perHour: 0.08, asOf: SPOT_READ } },
      'eu-central-1b': { 'm6i.xlarge': { perHour: 0.1, asOf: SPOT_READ } },
    },
    problems: {},
  },
};

describe('live prices', () => {
  it('prices on-demand from the AWS Price List and says when it was read', () => {
    const p = resolvePrice(
      live,
      AWS_SPOT_PRICING,
      'eu-central-1',
      'm6i.xlarge',
      'on-demand',
    );
    expect(p.perHour).toBe(0.2304);
    expect(p.basis).toEqual({
      origin: 'aws-price-list',
      label: 'AWS Price List (eu-central-1)',
      asOf: READ,
    });
    expect(describeBasis(p.basis!, NOW)).toBe(
      'AWS Price List (eu-central-1), 3 h ago',
    );
  });

  it("prices spot from the node's zone, and without a zone at the mean of the region's zones", () => {
    const a = resolvePrice(
      live,
      AWS_SPOT_PRICING,
      'eu-central-1',
      'm6i.xlarge',
      'spot',
      {
        zone: 'eu-central-1a',
      },
    );
    expect(a.perHour).toBe(0.08);
    expect(describeBasis(a.basis!, NOW)).toBe(
      'spot price history, eu-central-1a, 10 min ago',
    );
    const region = resolvePrice(
      live,
      AWS_SPOT_PRICING,
      'eu-central-1',
      'm6i.xlarge',
      'spot',
    );
    expect(region.perHour).toBeCloseTo(0.09, 10);
    expect(region.basis?.label).toBe(
      'spot price history, eu-central-1 (mean of 2 zones)',
    );
  });

  it('falls back to the shipped table for a type AWS did not price, with the reason', () => {
    const table: PriceTable = {
      ...live,
      live: {
        ...live.live!,
        problems: {
          'on-demand/eu-central-1':
            'AWS throttled GetProducts 5 times in a row',
        },
      },
    };
    const p = resolvePrice(
      table,
      AWS_SPOT_PRICING,
      'eu-central-1',
      'c7g.xlarge',
      'on-demand',
    );
    expect(p.perHour).toBe(0.1724);
    expect(describeBasis(p.basis!, NOW)).toBe(
      'shipped table (2026-11-27), offline fallback (AWS throttled GetProducts 5 times in a row)',
    );
    // spot without a live spot price: the assumed discount, saying why
    const spot = resolvePrice(
      {
        ...table,
        live: {
          ...table.live!,
          problems: { 'spot/eu-central-1': 'no spot price history' },
        },
      },
      AWS_SPOT_PRICING,
      'eu-central-1',
      'c7g.xlarge',
      'spot',
      { zone: 'eu-central-1a' },
    );
    expect(spot.basis).toMatchObject({
      origin: 'spot-estimate',
      fallbackReason: 'no spot price history',
    });
  });

  it('lets configured prices win over the AWS ones', () => {
    const p = resolvePrice(
      { ...live, configured: { 'eu-central-1': { 'm6i.xlarge': 0.2 } } },
      AWS_SPOT_PRICING,
      'eu-central-1',
      'm6i.xlarge',
      'on-demand',
    );
    expect(p.perHour).toBe(0.2);
    expect(p.basis?.origin).toBe('config');
  });

  it('says how old a price is in words', () => {
    expect(describeAge('2026-12-02T13:59:40Z', NOW)).toBe('just now');
    expect(describeAge('2026-11-29T14:00:00Z', NOW)).toBe('3 d ago');
    expect(describeAge(undefined, NOW)).toBe('age unknown');
  });
});
