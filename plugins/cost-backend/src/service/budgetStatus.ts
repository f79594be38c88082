import { Micros } from '@internal/pricing';
import { BudgetStatus } from '@internal/plugin-cost-common';
import { CostStore } from '../database/CostStore';
import { addDays, day } from './days';

/**
 * A team's month-to-date, forecast and budget as the store has them now
 * (three sums): the reader caches it, the poller checks it after each write.
 */
export async function budgetStatus(options: {
  store: CostStore;
  team: string;
  budget: Micros;
  now: number;
}): Promise<BudgetStatus> {
  const { store, team, budget } = options;
  const today = day(options.now);
  const month = today.slice(0, 7);
  const monthStart = `${month}-01`;
  const daysInMonth = new Date(
    Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0),
  ).getUTCDate();
  const sum = async (from: string, to: string) =>
    from > to
      ? 0
      : (await store.sumBy('team', { from, to, teams: [team] }))[0]?.amount ??
        0;
  const complete = await sum(monthStart, addDays(today, -1));
  const monthToDate = complete + (await sum(today, today));
  // Forecast: the complete days so far, plus the last 7 complete days' daily rate for the rest.
  const rate = Math.round(
    (await sum(addDays(today, -7), addDays(today, -1))) / 7,
  );
  const elapsed = Number(today.slice(8, 10)) - 1;
  const forecast = complete + rate * (daysInMonth - elapsed);
  return {
    team,
    month,
    budget,
    monthToDate,
    forecast,
    exceeded: forecast > budget,
  };
}
