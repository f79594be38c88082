import {
  Micros,
  PriceTable,
  resolvePrice,
  SpotPricing,
  unitsToMicros,
} from '@internal/pricing';
import {
  IDLE,
  WHAT_IF_SCENARIOS,
  WhatIfScenarioId,
} from '@internal/plugin-cost-common';
import {
  CostInputNode,
  gravitonEquivalent,
} from '@internal/plugin-node-mix-common';
import { TeamWhatIf } from './types';

/**
 * The node-mix what-if for one node: what its hour would cost less moved to
 * Graviton and/or spot. Only x86 on-demand nodes move; a scenario without a
 * price for the alternative is left out.
 */
export function nodeWhatIfDeltas(
  node: Pick<
    CostInputNode,
    'arch' | 'capacityType' | 'instanceType' | 'region'
  >,
  price: Micros,
  priceTable: PriceTable,
  spot: SpotPricing,
): Array<{ scenario: WhatIfScenarioId; delta: Micros }> {
  if (node.arch !== 'amd64' || node.capacityType !== 'on-demand') {
    return [];
  }
  const graviton = gravitonEquivalent(node.instanceType);
  const deltas: Array<{ scenario: WhatIfScenarioId; delta: Micros }> = [];
  for (const s of WHAT_IF_SCENARIOS) {
    const type = s.id === 'spot' ? node.instanceType : graviton;
    const capacity = s.id === 'graviton' ? 'on-demand' : 'spot';
    const alt = type
      ? resolvePrice(priceTable, spot, node.region, type, capacity).perHour
      : null;
    if (alt === null) {
      continue;
    }
    deltas.push({ scenario: s.id, delta: price - unitsToMicros(alt) });
  }
  return deltas;
}

/**
 * Adds up the savings split over the rows into savings per team and
 * scenario, followed by the idle part's savings per scenario.
 * `teamOfRow[i]` is the team of row index `i` in `savings`.
 */
export function teamWhatIf(
  teamOfRow: string[],
  savings: Map<WhatIfScenarioId, Float64Array>,
  idleSavings: Map<WhatIfScenarioId, number>,
): TeamWhatIf[] {
  const teamSavings = new Map<string, number>();
  teamOfRow.forEach((team, i) => {
    for (const s of WHAT_IF_SCENARIOS) {
      const tk = `${team}\u0000${s.id}`;
      teamSavings.set(tk, (teamSavings.get(tk) ?? 0) + savings.get(s.id)![i]);
    }
  });
  const whatIf: TeamWhatIf[] = [];
  for (const [k, v] of teamSavings) {
    const [team, scenario] = k.split('\u0000') as [string, WhatIfScenarioId];
    whatIf.push({ team, scenario, savings: v });
  }
  for (const s of WHAT_IF_SCENARIOS) {
    whatIf.push({
      team: IDLE,
      scenario: s.id,
      savings: idleSavings.get(s.id)!,
    });
  }
  return whatIf;
}
