import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  instanceShape,
  PLATFORM_REGION,
  resolvePrice,
} from './ec2Prices';

describe('EC2 prices', () => {
  it('prices every size of a family linearly from its .large', () => {
    const eu = AWS_ON_DEMAND_PRICES.onDemand[PLATFORM_REGION];
    expect(eu['c7g.large']).toBe(0.0862);
    expect(eu['c7g.xlarge']).toBe(0.1724);
    expect(eu['m7g.medium']).toBe(0.0486);
    expect(eu['m6i.32xlarge']).toBe(7.36);
    // Graviton 3 is not sold above 16xlarge, x86 not as medium
    expect(eu['m7g.24xlarge']).toBeUndefined();
    expect(eu['m6i.medium']).toBeUndefined();
  });

  it('knows the vCPUs and memory of a type from its family and size', () => {
    expect(instanceShape('c7g.xlarge')).toEqual({ vcpu: 4, memoryGib: 8 });
    expect(instanceShape('m6i.2xlarge')).toEqual({ vcpu: 8, memoryGib: 32 });
    expect(instanceShape('r7g.large')).toEqual({ vcpu: 2, memoryGib: 16 });
    expect(instanceShape('t3.micro')).toBeUndefined();
  });

  it('prices spot capacity at the spot rule and names where each price came from', () => {
    expect(
      resolvePrice(
        AWS_ON_DEMAND_PRICES,
        AWS_SPOT_PRICING,
        PLATFORM_REGION,
        'c7g.xlarge',
        'on-demand',
      ),
    ).toMatchObject({
      perHour: 0.1724,
      source: 'on-demand: shipped table (2026-11-27), offline fallback',
      basis: { origin: 'shipped-table', asOf: '2026-11-27' },
    });
    const spot = resolvePrice(
      AWS_ON_DEMAND_PRICES,
      AWS_SPOT_PRICING,
      PLATFORM_REGION,
      'c7g.xlarge',
      'spot',
    );
    expect(spot.perHour).toBeCloseTo(0.06896, 8);
    expect(spot.source).toBe(
      'spot: estimated at 60% below on-demand (aws-ec2-ondemand-linux-2026-11)',
    );
    expect(
      resolvePrice(
        AWS_ON_DEMAND_PRICES,
        { ...AWS_SPOT_PRICING, prices: { 'eu-central-1/c7g.xlarge': 0.05 } },
        PLATFORM_REGION,
        'c7g.xlarge',
        'spot',
      ),
    ).toMatchObject({
      perHour: 0.05,
      source: `spot: ${AWS_SPOT_PRICING.source}`,
    });
    expect(
      resolvePrice(
        AWS_ON_DEMAND_PRICES,
        AWS_SPOT_PRICING,
        'ap-south-1',
        'c7g.xlarge',
        'on-demand',
      ).source,
    ).toBe(
      "region 'ap-south-1' not in price table aws-ec2-ondemand-linux-2026-11",
    );
  });
});
