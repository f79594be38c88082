import {
  applyAdjustments,
  invalidOverlayPrice,
  offeringLabels,
} from './adjustments';
import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  resolvePrice,
} from './ec2Prices';
import { NodeOverlayPrice, PriceDiscount } from './priceBasis';

const m6i = {
  instanceType: 'm6i.xlarge',
  capacityType: 'on-demand',
  region: 'eu-central-1',
  zone: 'eu-central-1a',
};
const x86 = [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }];
const overlay = (
  o: Partial<NodeOverlayPrice> & { name: string },
): NodeOverlayPrice => ({
  weight: 0,
  requirements: [],
  ...o,
});
const savingsPlan: PriceDiscount = {
  name: 'Compute Savings Plan',
  rate: 0.28,
  capacityTypes: ['on-demand'],
};

describe('NodeOverlay prices and discounts', () => {
  it('derives the labels Karpenter matches from the instance type', () => {
    expect(
      offeringLabels({ ...m6i, labels: { 'karpenter.sh/nodepool': 'x86' } }),
    ).toMatchObject({
      'karpenter.k8s.aws/instance-family': 'm6i',
      'karpenter.k8s.aws/instance-category': 'm',
      'karpenter.k8s.aws/instance-generation': '6',
      'karpenter.k8s.aws/instance-size': 'xlarge',
      'kubernetes.io/arch': 'amd64',
      'karpenter.sh/nodepool': 'x86',
    });
    expect(
      offeringLabels({ ...m6i, instanceType: 'c7g.large' })[
        'kubernetes.io/arch'
      ],
    ).toBe('arm64');
  });

  it('applies a percentage or an absolute adjustment of the matching overlay', () => {
    const pct = applyAdjustments(
      0.2,
      {
        overlays: [
          overlay({
            name: 'x86-edp',
            requirements: x86,
            priceAdjustment: '-10%',
          }),
        ],
        discounts: [],
      },
      m6i,
    );
    expect(pct.perHour).toBeCloseTo(0.18, 10);
    expect(pct.applied).toEqual([
      {
        kind: 'node-overlay',
        name: 'x86-edp',
        change: '-10%',
        perHourAfter: pct.perHour,
      },
    ]);
    const abs = applyAdjustments(
      0.2,
      {
        overlays: [overlay({ name: 'fee', priceAdjustment: '+0.05' })],
        discounts: [],
      },
      m6i,
    );
    expect(abs.perHour).toBeCloseTo(0.25, 10);
    expect(abs.applied[0].change).toBe('+0.05 USD/h');
    // an overlay for arm64 does not touch an x86 node
    const arm = applyAdjustments(
      0.2,
      {
        overlays: [
          overlay({
            name: 'graviton',
            requirements: [
              { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
            ],
            price: '0.01',
          }),
        ],
        discounts: [],
      },
      m6i,
    );
    expect(arm).toEqual({ perHour: 0.2, applied: [] });
  });

  it('uses only the overlay with the highest weight, ties to the name later in the alphabet', () => {
    const overlays = [
      overlay({ name: 'a-low', weight: 1, price: '0.01' }),
      overlay({ name: 'b-high', weight: 50, price: '0.02' }),
      overlay({ name: 'c-high', weight: 50, price: '0.03' }),
    ];
    expect(
      applyAdjustments(0.2, { overlays, discounts: [] }, m6i).applied.map(
        a => a.name,
      ),
    ).toEqual(['c-high']);
    expect(
      applyAdjustments(0.2, { overlays, discounts: [] }, m6i).perHour,
    ).toBe(0.03);
  });

  it('applies configured discounts to the capacity they cover only', () => {
    const table = {
      ...AWS_ON_DEMAND_PRICES,
      adjustments: { overlays: [], discounts: [savingsPlan] },
    };
    const od = resolvePrice(
      table,
      AWS_SPOT_PRICING,
      'eu-central-1',
      'm6i.xlarge',
      'on-demand',
    );
    expect(od.listPerHour).toBe(0.23);
    expect(od.perHour).toBeCloseTo(0.23 * 0.72, 10);
    expect(od.source).toBe(
      'on-demand: shipped table (2026-11-27), offline fallback; discount Compute Savings Plan: 28% off',
    );
    const spot = resolvePrice(
      table,
      AWS_SPOT_PRICING,
      'eu-central-1',
      'm6i.xlarge',
      'spot',
    );
    expect(spot.adjustments).toEqual([]);
  });

  it('refuses overlay prices the CRD refuses', () => {
    expect(
      invalidOverlayPrice(
        overlay({ name: 'x', price: '0.1', priceAdjustment: '-1%' }),
      ),
    ).toMatch(/both/);
    expect(
      invalidOverlayPrice(overlay({ name: 'x', priceAdjustment: '10%' })),
    ).toMatch(/not like/);
    expect(
      invalidOverlayPrice(overlay({ name: 'x', priceAdjustment: '-150%' })),
    ).toMatch(/more than -100%/);
    expect(invalidOverlayPrice(overlay({ name: 'x', price: '-1' }))).toMatch(
      /not a decimal/,
    );
    expect(
      invalidOverlayPrice(overlay({ name: 'x', priceAdjustment: '-100%' })),
    ).toBeUndefined();
    // an invalid overlay is not applied
    expect(
      applyAdjustments(
        0.2,
        {
          overlays: [overlay({ name: 'bad', priceAdjustment: '10%' })],
          discounts: [],
        },
        m6i,
      ).perHour,
    ).toBe(0.2);
  });
});
