import {
  describeExchangeRate,
  formatMoney,
  HETZNER_PRICES,
  HOURS_PER_MONTH,
  Micros,
} from '@internal/pricing';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  BudgetStatus,
  COST_SOURCES,
  CostGroup,
  CostMover,
  CostSourceId,
  CostSourceStatus,
  CostSummary,
  EntityCost,
  IDLE,
  TeamWhatIfMoney,
  UNALLOCATED,
  WHAT_IF_SCENARIOS,
} from '@internal/plugin-cost-common';
import { CostFilter, CostStore } from '../database/CostStore';
import { AwsCostExplorerSource } from '../sources/AwsCostExplorerSource';
import { HetznerCostSource } from '../sources/HetznerCostSource';
import { KubernetesCostSource } from '../sources/KubernetesCostSource';
import { CatalogOwners } from './CatalogOwners';
import { ComputedCache } from './ComputedCache';
import { CostSettings } from './settings';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * How long a computed summary is reused as it is: imports in this process drop
 * it at once; this bounds imports run by another replica and catalog changes
 * (then the next one is computed while this one is still served, for at most
 * another TTL: see ComputedCache).
 */
export const SUMMARY_TTL_MS = 60_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, n: number) =>
  day(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS);

/** Imports cost from the configured sources and answers the cost views. */
export class CostService {
  private readonly now: () => number;
  /** Summaries by (days, date range, visible teams); dropped on every import. */
  private readonly summaries: ComputedCache<CostSummary>;
  /** Budget states by (team, day); dropped on every import. */
  private readonly budgetStates: ComputedCache<BudgetStatus | undefined>;

  constructor(
    private readonly options: {
      store: CostStore;
      settings: CostSettings;
      owners: CatalogOwners;
      logger: LoggerService;
      kubernetes?: KubernetesCostSource;
      aws?: AwsCostExplorerSource;
      hetzner?: HetznerCostSource;
      notifications?: NotificationService;
      now?: () => number;
      /** How long to wait for the catalog to list components before sampling. */
      catalogWait?: { attempts: number; delayMs: number };
    },
  ) {
    this.now = options.now ?? Date.now;
    this.summaries = new ComputedCache(SUMMARY_TTL_MS, this.now);
    this.budgetStates = new ComputedCache(SUMMARY_TTL_MS, this.now);
  }

  /** Runs one source's import and records how it went; never throws (pollers must not crash). */
  async runImport(source: CostSourceId): Promise<void> {
    try {
      await this.importSource(source);
    } finally {
      // After the write: a summary computed meanwhile may be half old.
      this.summaries.clear();
      this.budgetStates.clear();
    }
  }

  private async importSource(source: CostSourceId): Promise<void> {
    const { store, logger } = this.options;
    const at = new Date(this.now()).toISOString();
    try {
      let days = 0;
      let rows = 0;
      let unpriced: Record<string, number> | undefined;
      let error: string | undefined;
      if (source === 'kubernetes' && this.options.kubernetes) {
        const results = await this.options.kubernetes.sampleAll(
          await this.serviceOwners(),
        );
        for (const r of results) {
          if (r.allocation) {
            rows += r.allocation.rows.length;
            for (const [type, n] of Object.entries(
              r.allocation.unpriced.byInstanceType,
            )) {
              unpriced ??= {};
              unpriced[type] = (unpriced[type] ?? 0) + n;
            }
          }
          days = Math.max(
            days,
            r.backfilledHours > 0 ? Math.ceil(r.backfilledHours / 24) + 1 : 1,
          );
        }
        const failed = results.filter(r => !r.ok);
        if (failed.length > 0) {
          error = failed.map(f => `${f.cluster}: ${f.error}`).join('; ');
        }
      } else if (source === 'aws' && this.options.aws) {
        const r = await this.options.aws.import();
        days = r.days.length;
        rows = r.rows;
      } else if (source === 'hetzner' && this.options.hetzner) {
        const r = await this.options.hetzner.import();
        days = r.days.length;
        rows = r.rows;
        unpriced = Object.keys(r.unpriced).length > 0 ? r.unpriced : undefined;
      } else {
        return;
      }
      await store.saveRun({
        source,
        at,
        ok: !error,
        error,
        days,
        rows,
        unpriced,
      });
      await this.checkBudgets();
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      logger.warn(`Cost import from ${source} failed: ${error}`);
      await store
        .saveRun({ source, at, ok: false, error, days: 0, rows: 0 })
        .catch(() => {});
    }
  }

  /**
   * Owners from the catalog. Right after a fresh start the catalog may not
   * have ingested the components yet; wait for it a little rather than
   * attribute (and backfill) everything as unallocated.
   */
  private async serviceOwners(): Promise<Map<string, string>> {
    const attempts = this.options.catalogWait?.attempts ?? 12;
    for (let i = 1; ; i++) {
      const owners = await this.options.owners.serviceOwners();
      if (owners.size > 0 || i >= attempts) {
        return owners;
      }
      await new Promise(r =>
        setTimeout(r, this.options.catalogWait?.delayMs ?? 10_000),
      );
    }
  }

  async sourceStatuses(): Promise<CostSourceStatus[]> {
    const { store, settings, kubernetes, aws, hetzner } = this.options;
    const runs = new Map((await store.listRuns()).map(r => [r.source, r]));
    const detail: Record<
      CostSourceId,
      { configured: boolean; detail: string }
    > = {
      kubernetes: kubernetes?.configured
        ? {
            configured: true,
            detail: `Clusters ${kubernetes.clusterNames.join(
              ', ',
            )}, sampled every ${
              settings.kubernetes.sampleIntervalMinutes
            } min with the node-mix price table`,
          }
        : {
            configured: false,
            detail:
              'No clusters under kubernetes.clusterLocatorMethods, or cost.kubernetes.enabled is false',
          },
      aws: aws
        ? {
            configured: true,
            detail: `GetCostAndUsage in ${
              settings.aws!.region
            }, grouped by tags ${settings.aws!.teamTag}/${
              settings.aws!.serviceTag
            }`,
          }
        : {
            configured: false,
            detail:
              'Set cost.aws (region, and credentials or an instance role) to import AWS Cost Explorer',
          },
      hetzner: hetzner
        ? {
            configured: true,
            detail: `${
              hetzner.live
                ? 'Server type prices from the Hetzner Cloud API'
                : `Server type prices from ${HETZNER_PRICES.id} (no cost.hetzner.token)`
            }, volumes included; EUR converted at ${describeExchangeRate({
              eurToUsd: settings.hetzner.eurToUsd,
              source: 'cost.hetzner.eurToUsd',
            })}`,
          }
        : { configured: false, detail: 'cost.hetzner.enabled is false' },
    };
    return Promise.all(
      COST_SOURCES.map(async s => {
        const run = runs.get(s.id);
        return {
          id: s.id,
          title: s.title,
          ...detail[s.id],
          lastImport: run
            ? {
                at: run.at,
                ok: run.ok,
                error: run.error,
                days: run.days,
                rows: run.rows,
              }
            : undefined,
          unpriced: run?.unpriced
            ? {
                count: Object.values(run.unpriced).reduce((a, b) => a + b, 0),
                byKind: run.unpriced,
              }
            : undefined,
          demo: await store.anyDemo(s.id),
          ...(s.id === 'kubernetes' && kubernetes?.priceSources
            ? { prices: kubernetes.priceSources() }
            : {}),
        };
      }),
    );
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

  /** The Cost page; `teams` undefined = every team (platform read). */
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
      sharing: this.options.settings.share,
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
    const budget = this.options.settings.budgets.get(team);
    if (budget === undefined) return undefined;
    const { store } = this.options;
    const today = day(this.now());
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

  async budgets(teams?: string[]): Promise<BudgetStatus[]> {
    const list = [...this.options.settings.budgets.keys()].filter(
      t => !teams || teams.includes(t),
    );
    return (await Promise.all(list.map(t => this.budget(t)))).filter(
      (b): b is BudgetStatus => Boolean(b),
    );
  }

  /** Notifies a team once a month when its month's forecast exceeds its budget. */
  async checkBudgets(): Promise<void> {
    const { notifications, store, logger } = this.options;
    for (const b of await this.budgets()) {
      if (!b.exceeded || !notifications) continue;
      if (
        !(await store.claimBudgetAlert(
          b.team,
          b.month,
          new Date(this.now()).toISOString(),
        ))
      )
        continue;
      await notifications
        .send({
          recipients: { type: 'entity', entityRef: b.team },
          payload: {
            title: `Cost forecast for ${b.month} exceeds the budget`,
            description: `Forecast ${formatMoney(
              b.forecast,
            )} against a budget of ${formatMoney(b.budget)} (${formatMoney(
              b.monthToDate,
            )} so far).`,
            link: `/cost/teams/${b.team.replace(/^group:/, '')}`,
            severity: 'high',
            topic: 'cost-budget',
          },
        })
        .catch(e =>
          logger.warn(`Budget notification for ${b.team} failed: ${e}`),
        );
    }
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
    for (const t of this.options.settings.budgets.keys()) teams.add(t);
    teams.delete(IDLE);
    teams.delete(UNALLOCATED);
    return [...teams].sort();
  }

  async teamsOfService(service: string): Promise<string[]> {
    return this.options.store.teamsOfService(service);
  }
}
