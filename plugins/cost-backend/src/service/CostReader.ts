import { HOURS_PER_MONTH, Micros } from '@internal/pricing';
import {
  BudgetStatus,
  CostGroup,
  CostMover,
  CostSourceStatus,
  CostSummary,
  EntityCost,
  IDLE,
  TeamWhatIfMoney,
  UNALLOCATED,
  WHAT_IF_SCENARIOS,
} from '@internal/plugin-cost-common';
import { CostSource } from '@internal/plugin-cost-node';
import { CostConfig } from '../config';
import { CostFilter, CostStore } from '../database/CostStore';
import { budgetStatus } from './budgetStatus';
import { ComputedCache } from './ComputedCache';
import { sourceStatuses } from './sourceStatuses';
import { addDays, day, HOUR_MS } from './days';

/**
 * How long a computed summary is reused as it is: imports in this process drop
 * it at once; this bounds imports run by another replica and catalog changes
 * (then the next one is computed while this one is still served, for at most
 * another TTL: see ComputedCache).
 */
export const SUMMARY_TTL_MS = 60_000;

/**
 * The cost views the router serves (summary, budgets, team and service
 * cost, source statuses), read from the store; the poller writes it.
 */
export class CostReader {
  private readonly now: () => number;
  /** Summaries by (days, date range, visible teams); dropped on every import. */
  private readonly summaries: ComputedCache<CostSummary>;
  /** Budget states by (team, day); dropped on every import. */
  private readonly budgetStates: ComputedCache<BudgetStatus | undefined>;

  constructor(
    private readonly options: {
      store: CostStore;
      config: CostConfig;
      /** The sources the modules added, for the Sources panel. */
      sources?: CostSource[];
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
    this.summaries = new ComputedCache(SUMMARY_TTL_MS, this.now);
    this.budgetStates = new ComputedCache(SUMMARY_TTL_MS, this.now);
  }

  /**
   * Drops the cached views; call after every import in this process (after
   * the write: a view computed meanwhile may be half old).
   */
  invalidate(): void {
    this.summaries.clear();
    this.budgetStates.clear();
  }

  sourceStatuses(): Promise<CostSourceStatus[]> {
    return sourceStatuses({
      store: this.options.store,
      sources: this.options.sources ?? [],
    });
  }

  private range(days: number) {
    const to = day(this.now());
    return { from: addDays(to, -(days - 1)), to };
  }

  /**
   * Marks today's point as partial with the whole hours of it elapsed (at
   * least 1), so a chart does not read the unfinished day as a drop.
   */
  private markPartialDay<T extends { date: string }>(
    trend: T[],
  ): Array<T & { partialHours?: number }> {
    const now = this.now();
    const today = day(now);
    const hours = Math.max(
      1,
      Math.floor((now - Date.parse(`${today}T00:00:00Z`)) / HOUR_MS),
    );
    return trend.map(t =>
      t.date === today ? { ...t, partialHours: hours } : t,
    );
  }

  private withPrevious(
    current: Array<{ key: string; amount: Micros }>,
    previous: Array<{ key: string; amount: Micros }>,
  ): CostGroup[] {
    const prev = new Map(previous.map(p => [p.key, p.amount]));
    return current.map(c => ({
      key: c.key,
      amount: c.amount,
      previous: prev.get(c.key) ?? 0,
    }));
  }

  private async movers(
    filter: Omit<CostFilter, 'from' | 'to'>,
  ): Promise<CostMover[]> {
    const today = day(this.now());
    const last = await this.options.store.sumByTeamService({
      ...filter,
      from: addDays(today, -7),
      to: addDays(today, -1),
    });
    const prev = await this.options.store.sumByTeamService({
      ...filter,
      from: addDays(today, -14),
      to: addDays(today, -8),
    });
    const map = new Map<string, CostMover>();
    const get = (team: string, service: string) => {
      const k = `${team}\u0000${service}`;
      let m = map.get(k);
      if (!m) {
        m = {
          team,
          service,
          lastWeek: 0,
          previousWeek: 0,
          change: 0,
          changeRatio: null,
        };
        map.set(k, m);
      }
      return m;
    };
    for (const r of last) get(r.team, r.service).lastWeek += r.amount;
    for (const r of prev) get(r.team, r.service).previousWeek += r.amount;
    const movers = [...map.values()]
      .filter(m => m.service !== IDLE)
      .map(m => ({
        ...m,
        change: m.lastWeek - m.previousWeek,
        changeRatio: m.previousWeek
          ? (m.lastWeek - m.previousWeek) / m.previousWeek
          : null,
      }));
    return movers
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
      .slice(0, 10);
  }

  /**
   * The Cost page's summary over the teams the caller may read (all when
   * undefined), computed once per (days, date range, team set) until the next
   * import and reused by every caller with the same visible teams.
   */
  summary(days: number, teams?: string[]): Promise<CostSummary> {
    const { from, to } = this.range(days);
    const key = JSON.stringify([
      days,
      from,
      to,
      teams ? [...new Set(teams)].sort() : null,
    ]);
    return this.summaries.get(key, () => this.computeSummary(days, teams));
  }

  private async computeSummary(
    days: number,
    teams?: string[],
  ): Promise<CostSummary> {
    const { store } = this.options;
    const { from, to } = this.range(days);
    const filter: CostFilter = { from, to, teams };
    const prevFilter: CostFilter = {
      from: addDays(from, -days),
      to: addDays(from, -1),
      teams,
    };
    const [
      byTeam,
      prevTeam,
      byCluster,
      bySource,
      prevSource,
      byService,
      trend,
      movers,
      sources,
      firstPreviousDay,
    ] = await Promise.all([
      store.sumBy('team', filter),
      store.sumBy('team', prevFilter),
      store.sumBy('cluster', filter),
      store.sumBy('source', filter),
      store.sumBy('source', prevFilter),
      store.sumByTeamService(filter),
      store.trend(filter),
      this.movers({ teams }),
      this.sourceStatuses(),
      store.trend({ ...prevFilter, to: prevFilter.from }),
    ]);
    return {
      currency: 'USD',
      days,
      from,
      to,
      total: byTeam.reduce((s, t) => s + t.amount, 0),
      byTeam: this.withPrevious(byTeam, prevTeam),
      byCluster,
      bySource: this.withPrevious(bySource, prevSource),
      byService: byService
        .slice(0, 50)
        .map(s => ({ key: s.service, team: s.team, amount: s.amount })),
      trend: this.markPartialDay(trend),
      movers,
      restricted: teams !== undefined,
      demo: trend.some(t => t.demo),
      sources,
      previousComplete: firstPreviousDay.length > 0,
      sharing: this.options.config.share,
    };
  }

  private async whatIf(team: string): Promise<TeamWhatIfMoney[]> {
    const { store } = this.options;
    const rows = await store.listWhatIf([team]);
    if (rows.length === 0) return [];
    const today = day(this.now());
    const [k8s] = await store.sumBy('team', {
      from: addDays(today, -7),
      to: addDays(today, -1),
      teams: [team],
      sources: ['kubernetes'],
    });
    const perHour = k8s ? k8s.amount / (7 * 24) : 0;
    const asOf = rows
      .map(r => r.hour)
      .sort()
      .at(-1)!;
    return WHAT_IF_SCENARIOS.map(s => {
      const savingsPerHour = rows
        .filter(r => r.scenario === s.id)
        .reduce((a, r) => a + r.savingsPerHour, 0);
      return {
        scenario: s.id,
        label: s.label,
        savingsPerMonth: savingsPerHour * HOURS_PER_MONTH,
        share: perHour > 0 ? savingsPerHour / perHour : 0,
        asOf,
      };
    });
  }

  /**
   * A team's month-to-date, forecast and budget, computed once per team and
   * day until the next import (three sums over the store each time).
   */
  budget(team: string): Promise<BudgetStatus | undefined> {
    const key = JSON.stringify([team, day(this.now())]);
    return this.budgetStates.get(key, () => this.computeBudget(team));
  }

  private async computeBudget(team: string): Promise<BudgetStatus | undefined> {
    const budget = this.options.config.budgets.get(team);
    if (budget === undefined) return undefined;
    return budgetStatus({
      store: this.options.store,
      team,
      budget,
      now: this.now(),
    });
  }

  async budgets(teams?: string[]): Promise<BudgetStatus[]> {
    const list = [...this.options.config.budgets.keys()].filter(
      t => !teams || teams.includes(t),
    );
    return (await Promise.all(list.map(t => this.budget(t)))).filter(
      (b): b is BudgetStatus => Boolean(b),
    );
  }

  /** A team's or a service's cost. */
  async entityCost(
    target: { team: string } | { service: string; team?: string },
    entityRef: string,
    days: number,
  ): Promise<EntityCost> {
    const { store } = this.options;
    const { from, to } = this.range(days);
    const scope =
      'service' in target
        ? { services: [target.service] }
        : { teams: [target.team] };
    const filter: CostFilter = { from, to, ...scope };
    const [byService, bySource, byCluster, trend, previous, firstPreviousDay] =
      await Promise.all([
        store.sumBy('service', filter),
        store.sumBy('source', filter),
        store.sumBy('cluster', filter),
        store.trend(filter),
        store.sumBy('source', {
          ...filter,
          from: addDays(from, -days),
          to: addDays(from, -1),
        }),
        store.trend({
          ...filter,
          from: addDays(from, -days),
          to: addDays(from, -days),
        }),
      ]);
    const team = 'service' in target ? target.team : target.team;
    return {
      entityRef,
      kind: 'service' in target ? 'service' : 'team',
      team,
      service: 'service' in target ? target.service : undefined,
      currency: 'USD',
      days,
      total: trend.reduce((s, t) => s + t.amount, 0),
      previous: previous.reduce((s, t) => s + t.amount, 0),
      byService,
      bySource,
      byCluster,
      trend: this.markPartialDay(trend),
      whatIf: 'service' in target || !team ? [] : await this.whatIf(team),
      budget:
        'service' in target || !team ? undefined : await this.budget(team),
      demo: trend.some(t => t.demo),
      previousComplete: firstPreviousDay.length > 0,
    };
  }

  /** Teams that have cost or a budget (for per-team authorization). */
  async knownTeams(): Promise<string[]> {
    const teams = new Set(await this.options.store.listTeams());
    for (const t of this.options.config.budgets.keys()) teams.add(t);
    teams.delete(IDLE);
    teams.delete(UNALLOCATED);
    return [...teams].sort();
  }

  async teamsOfService(service: string): Promise<string[]> {
    return this.options.store.teamsOfService(service);
  }
}
