import {
  IDLE,
  SHARED_IDLE,
  SHARED_NAMESPACE_PREFIX,
  UNALLOCATED,
} from '@internal/plugin-cost-common';
import { AllocationRow } from './types';

/**
 * How idle capacity and shared namespaces (kube-system, monitoring) are
 * spread over the teams, as OpenCost's and Kubecost's shared costs:
 * `proportional` to each team's requested cost in the hour, `even` per team,
 * or `none` (they stay as their own rows).
 * @public
 */
export type ShareRule = 'proportional' | 'even' | 'none';

/** @public */
export interface ShareOptions {
  rule: ShareRule;
  /** Namespaces whose pods serve every team. */
  namespaces: string[];
  /** Whether the idle part of the nodes is shared too. */
  idle: boolean;
}

/**
 * Moves the idle row and the rows of shared namespaces to the teams that
 * own workloads this hour, as `shared/idle` and `shared/namespace/<ns>`
 * rows, so the teams' totals carry the whole bill. The amounts still add
 * up to exactly the same total; with no team to share with nothing moves.
 * @public
 */
export function shareRows(
  rows: AllocationRow[],
  share: ShareOptions,
): AllocationRow[] {
  if (share.rule === 'none') return rows;
  const sharedNs = new Set(share.namespaces.map(n => `namespace/${n}`));
  const isShared = (r: AllocationRow) =>
    (share.idle && r.service === IDLE) ||
    (sharedNs.has(r.service) && r.team === UNALLOCATED);
  const direct = new Map<string, number>();
  for (const r of rows) {
    if (isShared(r) || r.team === IDLE || r.team === UNALLOCATED) continue;
    direct.set(r.team, (direct.get(r.team) ?? 0) + r.amount);
  }
  const teams = [...direct.keys()].filter(t => direct.get(t)! > 0).sort();
  if (teams.length === 0) return rows;
  const weight = (t: string) =>
    share.rule === 'even' ? 1 : (direct.get(t) as number);
  const total = teams.reduce((a, t) => a + weight(t), 0);
  const out: AllocationRow[] = [];
  const shared = new Map<string, number>();
  for (const r of rows) {
    if (!isShared(r)) {
      out.push(r);
      continue;
    }
    const service =
      r.service === IDLE
        ? SHARED_IDLE
        : `${SHARED_NAMESPACE_PREFIX}${r.service.slice('namespace/'.length)}`;
    let given = 0;
    teams.forEach((t, i) => {
      const part =
        i === teams.length - 1
          ? r.amount - given
          : Math.floor((r.amount * weight(t)) / total);
      given += part;
      const k = `${service}\u0000${t}`;
      shared.set(k, (shared.get(k) ?? 0) + part);
    });
  }
  for (const [k, amount] of shared) {
    const [service, team] = k.split('\u0000');
    if (amount !== 0) out.push({ service, team, amount });
  }
  return out;
}
