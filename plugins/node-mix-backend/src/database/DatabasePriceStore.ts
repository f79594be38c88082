import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  PriceKind,
  PriceRefreshState,
  PriceStore,
  StoredPrice,
} from './PriceStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-node-mix-backend',
  'migrations',
);

type RawDbPriceRow = {
  kind: string;
  region: string;
  zone: string;
  instance_type: string;
  usd_per_hour: number | string;
  read_at: Date | string | number;
};

type RawDbRefreshRow = {
  kind: string;
  region: string;
  last_attempt_at: Date | string | number;
  last_success_at: Date | string | number | null;
  error: string | null;
};

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** {@link PriceStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabasePriceStore implements PriceStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabasePriceStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabasePriceStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async replacePrices(
    kind: PriceKind,
    region: string,
    prices: Array<{ zone: string; instanceType: string; usdPerHour: number }>,
    readAt: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('node_mix_prices').where({ kind, region }).delete();
      const rows = prices.map(p => ({
        kind,
        region,
        zone: p.zone,
        instance_type: p.instanceType,
        usd_per_hour: p.usdPerHour,
        read_at: readAt,
      }));
      // 6 columns a row: chunks stay under SQLite's 999 bound variables
      for (let i = 0; i < rows.length; i += 150) {
        await tx('node_mix_prices').insert(rows.slice(i, i + 150));
      }
      await tx('node_mix_price_refresh')
        .insert({
          kind,
          region,
          last_attempt_at: readAt,
          last_success_at: readAt,
          error: null,
        })
        .onConflict(['kind', 'region'])
        .merge();
    });
  }

  async recordFailure(
    kind: PriceKind,
    region: string,
    at: Date,
    error: string,
  ): Promise<void> {
    await this.db('node_mix_price_refresh')
      .insert({
        kind,
        region,
        last_attempt_at: at,
        last_success_at: null,
        error,
      })
      .onConflict(['kind', 'region'])
      .merge(['last_attempt_at', 'error']);
  }

  async listPrices(): Promise<StoredPrice[]> {
    const rows = await this.db<RawDbPriceRow>('node_mix_prices').select();
    return rows.map(r => ({
      kind: r.kind as PriceKind,
      region: r.region,
      zone: r.zone,
      instanceType: r.instance_type,
      usdPerHour: Number(r.usd_per_hour),
      readAt: toDate(r.read_at),
    }));
  }

  async listRefreshStates(): Promise<PriceRefreshState[]> {
    const rows = await this.db<RawDbRefreshRow>(
      'node_mix_price_refresh',
    ).select();
    return rows.map(r => ({
      kind: r.kind as PriceKind,
      region: r.region,
      lastAttemptAt: toDate(r.last_attempt_at),
      ...(r.last_success_at
        ? { lastSuccessAt: toDate(r.last_success_at) }
        : {}),
      ...(r.error ? { error: r.error } : {}),
    }));
  }
}
