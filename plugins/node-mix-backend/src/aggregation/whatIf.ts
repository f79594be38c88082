import {
  ClusterSummary,
  gravitonEquivalent,
  NodeRow,
  WhatIfScenario,
} from '@internal/plugin-node-mix-common';
import {
  HOURS_PER_MONTH,
  PriceTable,
  resolvePrice,
  SpotPricing,
} from '@internal/pricing';

/**
 * What the cluster would cost with its x86 on-demand nodes on Graviton, on
 * spot, or both; `regionOf` gives a node's region by name.
 */
export function whatIfOf(
  rows: NodeRow[],
  pricedTotal: number,
  priceTable: PriceTable,
  spot: SpotPricing,
  regionOf: (node: string) => string,
): ClusterSummary['whatIf'] {
  // a few instance types and regions: each target priced once
  const prices = new Map<string, number | null>();
  const priceOf = (region: string, type: string, capacity: string) => {
    const key = `${region}|${type}|${capacity}`;
    let price = prices.get(key);
    if (price === undefined) {
      price = resolvePrice(priceTable, spot, region, type, capacity).perHour;
      prices.set(key, price);
    }
    return price;
  };
  const movable = rows.filter(
    r => r.arch === 'amd64' && r.capacityType === 'on-demand',
  );
  const x86OnDemandCostPerHour = movable.reduce(
    (s, r) => s + (r.pricePerHour ?? 0),
    0,
  );
  const scenario = (
    id: WhatIfScenario['id'],
    label: string,
    target: (r: NodeRow) => { type: string | undefined; capacity: string },
  ): WhatIfScenario => {
    let delta = 0;
    let moved = 0;
    let unpriced = 0;
    for (const r of movable) {
      const region = regionOf(r.name);
      const t = target(r);
      const price = t.type ? priceOf(region, t.type, t.capacity) : null;
      if (price === null || r.pricePerHour === null) {
        unpriced++;
        continue;
      }
      moved++;
      delta += r.pricePerHour - price;
    }
    return {
      id,
      label,
      costPerHour: pricedTotal - delta,
      savingsPerHour: delta,
      savingsPerMonth: delta * HOURS_PER_MONTH,
      savingsPercent: pricedTotal ? delta / pricedTotal : 0,
      nodesMoved: moved,
      unpricedNodes: unpriced,
    };
  };
  return {
    x86OnDemandCostPerHour,
    scenarios: [
      scenario('graviton', 'x86 on-demand on Graviton on-demand', r => ({
        type: gravitonEquivalent(r.instanceType),
        capacity: 'on-demand',
      })),
      scenario('spot', 'x86 on-demand on x86 spot', r => ({
        type: r.instanceType,
        capacity: 'spot',
      })),
      scenario('graviton-spot', 'x86 on-demand on Graviton spot', r => ({
        type: gravitonEquivalent(r.instanceType),
        capacity: 'spot',
      })),
    ],
  };
}
