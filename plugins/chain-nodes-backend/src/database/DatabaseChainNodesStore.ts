import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  ChainNodesStore,
  HistoryBucket,
  NodeStatusRecord,
  ProbeRecord,
  StateChangeRecord,
  UptimeRecord,
} from './ChainNodesStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-chain-nodes-backend',
  'migrations',
);

const HOUR = 3_600_000;
const WATERMARK_KEY = 'rollup_watermark';
// Keeps multi-row inserts below SQLite's bound-parameter limit.
const INSERT_CHUNK = 50;

type RawDbProbeRow = {
  node_ref: string;
  probed_at: number | string;
  state: string;
  reasons: string;
  latency_ms: number | null;
  chain_id: number | string | null;
  block_number: number | string | null;
  chain_head: number | string | null;
  blocks_behind: number | string | null;
  peer_count: number | null;
  syncing: boolean | number | null;
  block_age_s: number | null;
};

type RawDbStatusRow = {
  node_ref: string;
  observed_state: string;
  observed_since: number | string;
  observed_count: number;
  confirmed_state: string;
  confirmed_since: number | string;
  last_probe_at: number | string;
  last_result: string;
};

type RawDbEventRow = {
  node_ref: string;
  at: number | string;
  from_state: string;
  to_state: string;
  reasons: string;
};

type RawDbRollupRow = {
  node_ref: string;
  bucket_start: number | string;
  samples: number | string;
  up_samples: number | string;
  healthy_samples: number | string;
  avg_blocks_behind: number | string | null;
  max_blocks_behind: number | string | null;
  avg_peer_count: number | string | null;
  min_peer_count: number | string | null;
  avg_latency_ms: number | string | null;
  max_latency_ms: number | string | null;
};

// PostgreSQL returns bigint, numeric and aggregates as strings.
const num = (v: number | string | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);
const opt = (v: number | undefined | null) => (v === undefined ? null : v);

/** Knex implementation of {@link ChainNodesStore} for SQLite and PostgreSQL. */
export class DatabaseChainNodesStore implements ChainNodesStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseChainNodesStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseChainNodesStore(client);
  }

  private constructor(private readonly db: Knex) {}

  async recordCycle(cycle: {
    probes: ProbeRecord[];
    statuses: NodeStatusRecord[];
    events: StateChangeRecord[];
  }): Promise<void> {
    await this.db.transaction(async tx => {
      const probeRows: RawDbProbeRow[] = cycle.probes.map(p => ({
        node_ref: p.nodeRef,
        probed_at: p.probedAt,
        state: p.state,
        reasons: JSON.stringify(p.reasons),
        latency_ms: p.latencyMs === undefined ? null : Math.round(p.latencyMs),
        chain_id: opt(p.chainId),
        block_number: opt(p.blockNumber),
        chain_head: opt(p.chainHead),
        blocks_behind: opt(p.blocksBehind),
        peer_count: opt(p.peerCount),
        syncing: p.syncing ?? null,
        block_age_s: opt(p.blockAgeSeconds),
      }));
      for (let i = 0; i < probeRows.length; i += INSERT_CHUNK) {
        await tx('chain_node_probes').insert(
          probeRows.slice(i, i + INSERT_CHUNK),
        );
      }

      const statusRows: RawDbStatusRow[] = cycle.statuses.map(s => ({
        node_ref: s.nodeRef,
        observed_state: s.observedState,
        observed_since: s.observedSince,
        observed_count: s.observedCount,
        confirmed_state: s.confirmedState,
        confirmed_since: s.confirmedSince,
        last_probe_at: s.lastProbeAt,
        last_result: JSON.stringify(s.lastResult),
      }));
      for (let i = 0; i < statusRows.length; i += INSERT_CHUNK) {
        await tx('chain_node_status')
          .insert(statusRows.slice(i, i + INSERT_CHUNK))
          .onConflict('node_ref')
          .merge();
      }

      const eventRows: RawDbEventRow[] = cycle.events.map(e => ({
        node_ref: e.nodeRef,
        at: e.at,
        from_state: e.fromState,
        to_state: e.toState,
        reasons: JSON.stringify(e.reasons),
      }));
      for (let i = 0; i < eventRows.length; i += INSERT_CHUNK) {
        await tx('chain_node_events').insert(
          eventRows.slice(i, i + INSERT_CHUNK),
        );
      }
    });
  }

  async getStatuses(nodeRefs?: string[]): Promise<NodeStatusRecord[]> {
    const query = this.db<RawDbStatusRow>('chain_node_status').select();
    if (nodeRefs) {
      query.whereIn('node_ref', nodeRefs);
    }
    const rows = await query;
    return rows.map(r => ({
      nodeRef: r.node_ref,
      observedState: r.observed_state as NodeStatusRecord['observedState'],
      observedSince: Number(r.observed_since),
      observedCount: r.observed_count,
      confirmedState: r.confirmed_state as NodeStatusRecord['confirmedState'],
      confirmedSince: Number(r.confirmed_since),
      lastProbeAt: Number(r.last_probe_at),
      lastResult: JSON.parse(r.last_result),
    }));
  }

  async getEvents(
    nodeRef: string,
    options: { limit: number },
  ): Promise<StateChangeRecord[]> {
    const rows = await this.db<RawDbEventRow>('chain_node_events')
      .where('node_ref', nodeRef)
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    return rows.map(r => ({
      nodeRef: r.node_ref,
      at: Number(r.at),
      fromState: r.from_state as StateChangeRecord['fromState'],
      toState: r.to_state as StateChangeRecord['toState'],
      reasons: JSON.parse(r.reasons),
    }));
  }

  async getUptime(nodeRef: string, from: number): Promise<UptimeRecord | null> {
    const watermark = (await this.getMeta<number>(WATERMARK_KEY)) ?? 0;
    const [rolled] = await this.db('chain_node_rollups')
      .where('node_ref', nodeRef)
      .andWhere('bucket_start', '>=', from)
      .andWhere('bucket_start', '<', watermark)
      .select(
        this.db.raw('SUM(samples) AS samples'),
        this.db.raw('SUM(up_samples) AS up'),
        this.db.raw('SUM(healthy_samples) AS healthy'),
        this.db.raw('MIN(bucket_start) AS first_at'),
      );
    const [raw] = await this.db('chain_node_probes')
      .where('node_ref', nodeRef)
      .andWhere('probed_at', '>=', Math.max(from, watermark))
      .select(
        this.db.raw('COUNT(*) AS samples'),
        this.db.raw("SUM(CASE WHEN state <> 'down' THEN 1 ELSE 0 END) AS up"),
        this.db.raw(
          "SUM(CASE WHEN state = 'healthy' THEN 1 ELSE 0 END) AS healthy",
        ),
        this.db.raw('MIN(probed_at) AS first_at'),
      );
    const samples = (num(rolled?.samples) ?? 0) + (num(raw?.samples) ?? 0);
    if (!samples) return null;
    const firsts = [num(rolled?.first_at), num(raw?.first_at)].filter(
      (v): v is number => v !== null && v !== undefined,
    );
    return {
      samples,
      up: (num(rolled?.up) ?? 0) + (num(raw?.up) ?? 0),
      healthy: (num(rolled?.healthy) ?? 0) + (num(raw?.healthy) ?? 0),
      firstAt: Math.max(from, Math.min(...firsts)),
    };
  }

  async getRawHistory(
    nodeRef: string,
    from: number,
    maxPoints: number,
  ): Promise<HistoryBucket[]> {
    const rows = await this.db<RawDbProbeRow>('chain_node_probes')
      .where('node_ref', nodeRef)
      .andWhere('probed_at', '>=', from)
      .orderBy('probed_at', 'asc')
      .select(
        'probed_at',
        'state',
        'blocks_behind',
        'peer_count',
        'latency_ms',
      );
    const size = Math.max(1, Math.ceil(rows.length / maxPoints));
    const buckets: HistoryBucket[] = [];
    const avg = (values: Array<number | null>) => {
      const present = values.filter((v): v is number => v !== null);
      return present.length
        ? present.reduce((a, b) => a + b, 0) / present.length
        : null;
    };
    for (let i = 0; i < rows.length; i += size) {
      const chunk = rows.slice(i, i + size);
      buckets.push({
        at: Number(chunk[0].probed_at),
        samples: chunk.length,
        healthySamples: chunk.filter(r => r.state === 'healthy').length,
        avgBlocksBehind: avg(chunk.map(r => num(r.blocks_behind))),
        avgPeerCount: avg(chunk.map(r => num(r.peer_count))),
        avgLatencyMs: avg(chunk.map(r => num(r.latency_ms))),
      });
    }
    return buckets;
  }

  async getRollupHistory(
    nodeRef: string,
    from: number,
  ): Promise<HistoryBucket[]> {
    const rows = await this.db<RawDbRollupRow>('chain_node_rollups')
      .where('node_ref', nodeRef)
      .andWhere('bucket_start', '>=', from)
      .orderBy('bucket_start', 'asc');
    return rows.map(r => ({
      at: Number(r.bucket_start),
      samples: Number(r.samples),
      healthySamples: Number(r.healthy_samples),
      avgBlocksBehind: num(r.avg_blocks_behind),
      avgPeerCount: num(r.avg_peer_count),
      avgLatencyMs: num(r.avg_latency_ms),
    }));
  }

  async rollUp(now: number): Promise<{ hours: number }> {
    const end = now - (now % HOUR);
    let start = await this.getMeta<number>(WATERMARK_KEY);
    if (start === undefined) {
      const [first] = await this.db('chain_node_probes').min({
        at: 'probed_at',
      });
      if (num(first?.at) === null) {
        return { hours: 0 };
      }
      start = num(first.at)! - (num(first.at)! % HOUR);
    }
    if (start >= end) {
      return { hours: 0 };
    }

    await this.db.transaction(async tx => {
      const rows: RawDbRollupRow[] = await tx('chain_node_probes')
        .where('probed_at', '>=', start!)
        .andWhere('probed_at', '<', end)
        .select(
          'node_ref',
          tx.raw(`probed_at - (probed_at % ${HOUR}) AS bucket_start`),
          tx.raw('COUNT(*) AS samples'),
          tx.raw(
            "SUM(CASE WHEN state <> 'down' THEN 1 ELSE 0 END) AS up_samples",
          ),
          tx.raw(
            "SUM(CASE WHEN state = 'healthy' THEN 1 ELSE 0 END) AS healthy_samples",
          ),
          tx.raw('AVG(blocks_behind) AS avg_blocks_behind'),
          tx.raw('MAX(blocks_behind) AS max_blocks_behind'),
          tx.raw('AVG(peer_count) AS avg_peer_count'),
          tx.raw('MIN(peer_count) AS min_peer_count'),
          tx.raw('AVG(latency_ms) AS avg_latency_ms'),
          tx.raw('MAX(latency_ms) AS max_latency_ms'),
        )
        .groupBy('node_ref', 'bucket_start');
      const normalized = rows.map(r => ({
        node_ref: r.node_ref,
        bucket_start: Number(r.bucket_start),
        samples: Number(r.samples),
        up_samples: Number(r.up_samples),
        healthy_samples: Number(r.healthy_samples),
        avg_blocks_behind: num(r.avg_blocks_behind),
        max_blocks_behind: num(r.max_blocks_behind),
        avg_peer_count: num(r.avg_peer_count),
        min_peer_count: num(r.min_peer_count),
        avg_latency_ms: num(r.avg_latency_ms),
        max_latency_ms: num(r.max_latency_ms),
      }));
      for (let i = 0; i < normalized.length; i += INSERT_CHUNK) {
        await tx('chain_node_rollups')
          .insert(normalized.slice(i, i + INSERT_CHUNK))
          .onConflict(['node_ref', 'bucket_start'])
          .merge();
      }
      await this.#setMeta(tx, WATERMARK_KEY, end, now);
    });
    return { hours: (end - start) / HOUR };
  }

  async prune(before: { raw: number; rollups: number; events: number }) {
    const watermark = (await this.getMeta<number>(WATERMARK_KEY)) ?? 0;
    const raw = await this.db('chain_node_probes')
      .where('probed_at', '<', Math.min(before.raw, watermark))
      .delete();
    const rollups = await this.db('chain_node_rollups')
      .where('bucket_start', '<', before.rollups)
      .delete();
    const events = await this.db('chain_node_events')
      .where('at', '<', before.events)
      .delete();
    return { raw, rollups, events };
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const row = await this.db('chain_node_meta').where('key', key).first();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async setMeta(key: string, value: unknown, now: number): Promise<void> {
    await this.#setMeta(this.db, key, value, now);
  }

  async #setMeta(db: Knex, key: string, value: unknown, now: number) {
    await db('chain_node_meta')
      .insert({ key, value: JSON.stringify(value), updated_at: now })
      .onConflict('key')
      .merge();
  }
}
