import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { CostSourceId, WhatIfScenarioId } from '@internal/plugin-cost-common';
import { Knex } from 'knex';
import {
  CostDimension,
  CostFilter,
  CostRow,
  CostStore,
  KubernetesHour,
  SourceRun,
  WhatIfRow,
} from './CostStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-cost-backend',
  'migrations',
);

interface RawDbCostRow {
  date: string;
  source: string;
  cluster: string;
  team: string;
  service: string;
  amount_micros: number | string;
  currency: string;
  demo: boolean | number;
}

const INSERT_CHUNK = 500;

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** PostgreSQL returns sums of bigint as strings. */
const num = (v: unknown): number =>
  v === null || v === undefined ? 0 : Number(v);

/** Knex implementation of {@link CostStore} (SQLite and PostgreSQL). */
export class DatabaseCostStore implements CostStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseCostStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCostStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async replaceDays(
    source: CostSourceId,
    days: string[],
    rows: CostRow[],
  ): Promise<void> {
    const outside = rows.find(
      r => r.source !== source || !days.includes(r.date),
    );
    if (outside) {
      throw new Error(
        `Row for ${outside.source} on ${outside.date} is outside the replaced days`,
      );
    }
    await this.db.transaction(async tx => {
      for (let i = 0; i < days.length; i += INSERT_CHUNK) {
        await tx('cost_daily')
          .where({ source })
          .whereIn('date', days.slice(i, i + INSERT_CHUNK))
          .delete();
      }
      await this.insertDaily(tx, rows);
    });
  }

  private async insertDaily(tx: Knex.Transaction, rows: CostRow[]) {
    // Merge duplicates (same key twice in the input) rather than fail on the primary key.
    const merged = new Map<string, RawDbCostRow>();
    for (const r of rows) {
      const key = [r.date, r.source, r.cluster, r.team, r.service].join(
        '\u0000',
      );
      const existing = merged.get(key);
      if (existing) {
        existing.amount_micros = num(existing.amount_micros) + r.amount;
        existing.demo = Boolean(existing.demo) || r.demo;
      } else {
        merged.set(key, {
          date: r.date,
          source: r.source,
          cluster: r.cluster,
          team: r.team,
          service: r.service,
          amount_micros: r.amount,
          currency: r.currency,
          demo: r.demo,
        });
      }
    }
    const all = [...merged.values()];
    for (let i = 0; i < all.length; i += INSERT_CHUNK) {
      await tx('cost_daily').insert(all.slice(i, i + INSERT_CHUNK));
    }
  }

  async writeKubernetesHours(
    cluster: string,
    hours: KubernetesHour[],
  ): Promise<{ days: string[]; rows: number }> {
    const days = [...new Set(hours.map(h => h.hour.slice(0, 10)))].sort();
    let written = 0;
    await this.db.transaction(async tx => {
      const hourKeys = hours.map(h => h.hour);
      for (let i = 0; i < hourKeys.length; i += INSERT_CHUNK) {
        await tx('cost_k8s_hourly')
          .where({ cluster })
          .whereIn('hour', hourKeys.slice(i, i + INSERT_CHUNK))
          .delete();
      }
      const raw = hours.flatMap(h =>
        h.rows.map(r => ({
          hour: h.hour,
          cluster,
          team: r.team,
          service: r.service,
          amount_micros: r.amount,
          demo: h.demo,
        })),
      );
      for (let i = 0; i < raw.length; i += INSERT_CHUNK) {
        await tx('cost_k8s_hourly').insert(raw.slice(i, i + INSERT_CHUNK));
      }
      // Re-sum the touched days from the hours of every cluster.
      for (const day of days) {
        const sums = await tx('cost_k8s_hourly')
          .where('hour', '>=', `${day}T00`)
          .andWhere('hour', '<', `${nextDay(day)}T00`)
          .select('cluster', 'team', 'service')
          .sum({ amount: 'amount_micros' })
          .select(tx.raw('max(case when demo then 1 else 0 end) as demo'))
          .groupBy('cluster', 'team', 'service');
        await tx('cost_daily')
          .where({ source: 'kubernetes', date: day })
          .delete();
        const rows: CostRow[] = sums.map((s: any) => ({
          date: day,
          source: 'kubernetes',
          cluster: s.cluster,
          team: s.team,
          service: s.service,
          amount: num(s.amount),
          currency: 'USD',
          demo: Boolean(num(s.demo)),
        }));
        written += rows.length;
        await this.insertDaily(tx, rows);
      }
    });
    return { days, rows: written };
  }

  async hasKubernetesHours(cluster: string): Promise<boolean> {
    const row = await this.db('cost_k8s_hourly')
      .where({ cluster })
      .first('hour');
    return Boolean(row);
  }

  async deleteKubernetesHoursBefore(hour: string): Promise<number> {
    return this.db('cost_k8s_hourly').where('hour', '<', hour).delete();
  }

  async hasRows(source: CostSourceId): Promise<boolean> {
    return Boolean(await this.db('cost_daily').where({ source }).first('date'));
  }

  private filtered(filter: CostFilter) {
    const q = this.db('cost_daily')
      .where('date', '>=', filter.from)
      .andWhere('date', '<=', filter.to);
    if (filter.teams) q.whereIn('team', filter.teams);
    if (filter.services) q.whereIn('service', filter.services);
    if (filter.sources) q.whereIn('source', filter.sources);
    return q;
  }

  async sumBy(dimension: CostDimension, filter: CostFilter) {
    const rows = await this.filtered(filter)
      .select({ key: dimension })
      .sum({ amount: 'amount_micros' })
      .groupBy(dimension)
      .orderBy('amount', 'desc');
    return rows.map((r: any) => ({ key: r.key, amount: num(r.amount) }));
  }

  async sumByTeamService(filter: CostFilter) {
    const rows = await this.filtered(filter)
      .select('team', 'service')
      .sum({ amount: 'amount_micros' })
      .groupBy('team', 'service')
      .orderBy('amount', 'desc');
    return rows.map((r: any) => ({
      team: r.team,
      service: r.service,
      amount: num(r.amount),
    }));
  }

  async trend(filter: CostFilter) {
    const rows = await this.filtered(filter)
      .select('date')
      .sum({ amount: 'amount_micros' })
      .select(this.db.raw('max(case when demo then 1 else 0 end) as demo'))
      .groupBy('date')
      .orderBy('date');
    return rows.map((r: any) => ({
      date: r.date,
      amount: num(r.amount),
      demo: Boolean(num(r.demo)),
    }));
  }

  async teamsOfService(service: string): Promise<string[]> {
    const rows = await this.db('cost_daily')
      .where({ service })
      .distinct('team');
    return rows.map((r: any) => r.team);
  }

  async listTeams(): Promise<string[]> {
    const rows = await this.db('cost_daily').distinct('team').orderBy('team');
    return rows.map((r: any) => r.team);
  }

  async replaceWhatIf(cluster: string, rows: WhatIfRow[]): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('cost_what_if').where({ cluster }).delete();
      const raw = rows.map(r => ({
        cluster,
        team: r.team,
        scenario: r.scenario,
        savings_micros_per_hour: r.savingsPerHour,
        hour: r.hour,
      }));
      for (let i = 0; i < raw.length; i += INSERT_CHUNK) {
        await tx('cost_what_if').insert(raw.slice(i, i + INSERT_CHUNK));
      }
    });
  }

  async listWhatIf(teams?: string[]): Promise<WhatIfRow[]> {
    const q = this.db('cost_what_if').select();
    if (teams) q.whereIn('team', teams);
    const rows = await q;
    return rows.map((r: any) => ({
      cluster: r.cluster,
      team: r.team,
      scenario: r.scenario as WhatIfScenarioId,
      savingsPerHour: num(r.savings_micros_per_hour),
      hour: r.hour,
    }));
  }

  async saveRun(run: SourceRun): Promise<void> {
    await this.db('cost_source_runs')
      .insert({
        source: run.source,
        at: run.at,
        ok: run.ok,
        error: run.error ?? null,
        days: run.days,
        rows: run.rows,
        unpriced_json: run.unpriced ? JSON.stringify(run.unpriced) : null,
      })
      .onConflict('source')
      .merge();
  }

  async listRuns(): Promise<SourceRun[]> {
    const rows = await this.db('cost_source_runs').select();
    return rows.map((r: any) => ({
      source: r.source,
      at: r.at,
      ok: Boolean(r.ok),
      error: r.error ?? undefined,
      days: r.days,
      rows: r.rows,
      unpriced: r.unpriced_json ? JSON.parse(r.unpriced_json) : undefined,
    }));
  }

  async anyDemo(source: CostSourceId): Promise<boolean> {
    return Boolean(
      await this.db('cost_daily').where({ source, demo: true }).first('date'),
    );
  }

  async claimBudgetAlert(
    team: string,
    month: string,
    at: string,
  ): Promise<boolean> {
    const inserted = await this.db('cost_budget_alerts')
      .insert({ team, month, sent_at: at })
      .onConflict(['team', 'month'])
      .ignore()
      .returning('team');
    // SQLite's returning() gives back nothing when ignored, as PostgreSQL does.
    return Array.isArray(inserted) && inserted.length > 0;
  }
}
