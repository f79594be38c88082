import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { HistoryPoint } from '@internal/plugin-node-mix-common';
import { Knex } from 'knex';
import {
  SnapshotStore,
  StoredClusterState,
  StoredSnapshot,
} from './SnapshotStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-node-mix-backend',
  'migrations',
);

type RawDbStateRow = {
  cluster: string;
  demo: boolean | number;
  kubernetes_version: string | null;
  last_attempt_at: Date | string | number | null;
  last_success_at: Date | string | number | null;
  error: string | null;
  refresh_duration_ms: number | null;
};

type RawDbHistoryRow = {
  cluster: string;
  taken_at: Date | string | number;
  metrics: string;
};

function toDate(value: Date | string | number | null): Date | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** {@link SnapshotStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseSnapshotStore implements SnapshotStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSnapshotStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseSnapshotStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async saveSuccess(
    state: StoredClusterState,
    snapshot: StoredSnapshot,
  ): Promise<void> {
    await this.db('node_mix_cluster_state')
      .insert({
        cluster: state.cluster,
        demo: state.demo,
        kubernetes_version: state.kubernetesVersion ?? null,
        last_attempt_at: state.lastAttemptAt ?? null,
        last_success_at: state.lastSuccessAt ?? null,
        error: null,
        refresh_duration_ms: state.refreshDurationMs ?? null,
        summary: snapshot.summaryJson,
        nodes: snapshot.nodesJson,
      })
      .onConflict('cluster')
      .merge();
  }

  async saveFailure(
    cluster: string,
    attemptAt: Date,
    error: string,
  ): Promise<void> {
    await this.db('node_mix_cluster_state')
      .insert({ cluster, last_attempt_at: attemptAt, error })
      .onConflict('cluster')
      .merge(['last_attempt_at', 'error']);
  }

  async listStates(): Promise<StoredClusterState[]> {
    const rows: RawDbStateRow[] = await this.db(
      'node_mix_cluster_state',
    ).select(
      'cluster',
      'demo',
      'kubernetes_version',
      'last_attempt_at',
      'last_success_at',
      'error',
      'refresh_duration_ms',
    );
    return rows.map(r => ({
      cluster: r.cluster,
      demo: Boolean(r.demo),
      kubernetesVersion: r.kubernetes_version ?? undefined,
      lastAttemptAt: toDate(r.last_attempt_at),
      lastSuccessAt: toDate(r.last_success_at),
      error: r.error ?? undefined,
      refreshDurationMs: r.refresh_duration_ms ?? undefined,
    }));
  }

  async getSnapshot(cluster: string): Promise<StoredSnapshot | undefined> {
    const row = await this.db('node_mix_cluster_state')
      .where({ cluster })
      .first('summary', 'nodes');
    if (!row?.summary || !row?.nodes) {
      return undefined;
    }
    return { summaryJson: row.summary, nodesJson: row.nodes };
  }

  async addHistoryPoint(cluster: string, point: HistoryPoint): Promise<void> {
    await this.db('node_mix_history').insert({
      cluster,
      taken_at: new Date(point.at),
      metrics: JSON.stringify(point),
    });
  }

  async lastHistoryAt(cluster: string): Promise<Date | undefined> {
    const row = await this.db('node_mix_history')
      .where({ cluster })
      .max({ latest: 'taken_at' })
      .first();
    return toDate(row?.latest ?? null);
  }

  async listHistory(cluster: string, since: Date): Promise<HistoryPoint[]> {
    const rows: RawDbHistoryRow[] = await this.db('node_mix_history')
      .where({ cluster })
      .andWhere('taken_at', '>=', since)
      .orderBy('taken_at', 'asc')
      .select('cluster', 'taken_at', 'metrics');
    return rows.map(r => JSON.parse(r.metrics) as HistoryPoint);
  }

  async deleteHistoryBefore(before: Date): Promise<number> {
    return this.db('node_mix_history').where('taken_at', '<', before).delete();
  }
}
