import { NodeRow, PriceSourceUse } from '@internal/plugin-node-mix-common';
import { PriceTable, SpotPricing } from '@internal/pricing';

/** Where spot prices come from, in words. */
export function spotSourceOf(spot: SpotPricing): string {
  if (Object.keys(spot.prices).length > 0) return spot.source;
  if (spot.defaultDiscount !== undefined) {
    return `estimated at ${Math.round(
      spot.defaultDiscount * 100,
    )}% below on-demand`;
  }
  return 'none configured';
}

/** Which sources priced how many nodes, and what changed the list prices. */
export function priceSourcesOf(rows: NodeRow[], table: PriceTable) {
  const uses = new Map<string, PriceSourceUse>();
  let list = 0;
  let adjusted = false;
  for (const r of rows) {
    if (!r.priceBasis) continue;
    const key = `${r.capacityType}|${r.priceBasis.label}|${
      r.priceBasis.fallbackReason ?? ''
    }`;
    const use = uses.get(key);
    if (use) {
      use.nodes++;
      // the oldest read is the one to worry about
      if ((r.priceBasis.asOf ?? '') < (use.basis.asOf ?? '')) {
        use.basis = r.priceBasis;
      }
    } else {
      uses.set(key, {
        basis: r.priceBasis,
        capacityType: r.capacityType,
        nodes: 1,
      });
    }
    list += r.listPricePerHour ?? 0;
    adjusted ||= !!r.priceAdjustments?.length;
  }
  return {
    sources: [...uses.values()].sort((a, b) => b.nodes - a.nodes),
    overlays: table.adjustments?.overlays ?? [],
    discounts: table.adjustments?.discounts ?? [],
    ...(adjusted ? { listCostPerHour: list } : {}),
  };
}
