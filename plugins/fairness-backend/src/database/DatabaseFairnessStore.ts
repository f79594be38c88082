import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AppendResult,
  FairnessRound,
  SeedPair,
  StoredRound,
  TreeHead,
  TreeNodeId,
  bytesToHex,
  canonicalResult,
  canonicalRoundJson,
  hashChildren,
  hashLeaf,
  hashServerSeed,
  hexToBytes,
  utf8ToBytes,
} from '@internal/plugin-fairness-common';
import { Knex } from 'knex';
import { FairnessStore, RoundFilter, nodeKey } from './FairnessStore';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-fairness-backend',
  'migrations',
);

type RawDbRoundRow = {
  leaf_index: number | string;
  round_id: string;
  game: string;
  game_params: string;
  game_server_id: string;
  player_id: string;
  server_seed_hash: string;
  client_seed: string;
  nonce: number | string;
  result: string;
  wager_minor: number | string;
  payout_minor: number | string;
  currency: string;
  played_at: string;
  leaf_hash: string;
  ingested_at: Date | string;
};

type RawDbSeedRow = {
  server_seed_hash: string;
  client_seed: string;
  game_server_id: string;
  created_at: Date | string;
  server_seed: string | null;
  revealed_at: Date | string | null;
};

type RawDbTreeHeadRow = {
  id: number;
  tree_size: number | string;
  root_hash: string;
  timestamp_ms: number | string;
  note: string;
  chain_id: string | null;
  tx_hash: string | null;
  data: string | null;
};

const iso = (value: Date | string) => new Date(value).toISOString();
// better-sqlite3 stores knex.fn.now() as 'YYYY-MM-DD HH:MM:SS' in UTC.
const isoDb = (value: Date | string) =>
  typeof value === 'string' && !value.includes('T')
    ? iso(`${value.replace(' ', 'T')}Z`)
    : iso(value);

function toRound(row: RawDbRoundRow): StoredRound {
  return {
    roundId: row.round_id,
    game: row.game as FairnessRound['game'],
    gameParams: JSON.parse(row.game_params),
    gameServerId: row.game_server_id,
    playerId: row.player_id,
    serverSeedHash: row.server_seed_hash,
    clientSeed: row.client_seed,
    nonce: Number(row.nonce),
    result: JSON.parse(row.result),
    wagerMinor: Number(row.wager_minor),
    payoutMinor: Number(row.payout_minor),
    currency: row.currency,
    playedAt: row.played_at,
    leafIndex: Number(row.leaf_index),
    leafHash: row.leaf_hash,
    ingestedAt: isoDb(row.ingested_at),
  };
}

function toRow(round: FairnessRound, leafIndex: number, leafHash: string) {
  return {
    leaf_index: leafIndex,
    round_id: round.roundId,
    game: round.game,
    game_params: canonicalResult(round.gameParams),
    game_server_id: round.gameServerId,
    player_id: round.playerId,
    server_seed_hash: round.serverSeedHash,
    client_seed: round.clientSeed,
    nonce: round.nonce,
    result: canonicalResult(round.result),
    wager_minor: round.wagerMinor,
    payout_minor: round.payoutMinor,
    currency: round.currency,
    played_at: round.playedAt,
    leaf_hash: leafHash,
  };
}

function toSeedPair(row: RawDbSeedRow): SeedPair {
  return {
    serverSeedHash: row.server_seed_hash,
    clientSeed: row.client_seed,
    gameServerId: row.game_server_id,
    createdAt: isoDb(row.created_at),
    serverSeed: row.server_seed ?? null,
    revealedAt: row.revealed_at ? isoDb(row.revealed_at) : null,
  };
}

function toTreeHead(row: RawDbTreeHeadRow): TreeHead {
  return {
    id: Number(row.id),
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    timestampMs: Number(row.timestamp_ms),
    note: row.note,
    anchor: row.tx_hash
      ? { chainId: row.chain_id!, txHash: row.tx_hash, data: row.data! }
      : null,
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

const ROUND_FIELDS: Array<keyof FairnessRound> = [
  'game',
  'gameParams',
  'gameServerId',
  'playerId',
  'serverSeedHash',
  'clientSeed',
  'nonce',
  'result',
  'wagerMinor',
  'payoutMinor',
  'currency',
  'playedAt',
];

function differingFields(a: FairnessRound, b: FairnessRound): string[] {
  return ROUND_FIELDS.filter(
    f => canonicalResult(a[f]) !== canonicalResult(b[f]),
  );
}

/** A round checked and encoded before the append lock is taken. */
type PreparedRound = {
  round: FairnessRound;
  /** Its index in the request, for error messages and results. */
  position: number;
  leafHash: Uint8Array;
  row: ReturnType<typeof toRow>;
};

/** Any UTF-16 surrogate: only strings with one can change through UTF-8. */
const SURROGATE = /[\ud800-\udfff]/;

/**
 * Checks the round reads back as sent - through the row mapping and UTF-8,
 * which is how both engines store text - and computes its leaf hash. A round
 * that changed on the way would sit in the log as a false tamper alarm
 * forever, so it is refused at the door. One canonical encoding of each
 * side is compared; the fields are named only when they differ.
 */
function prepareRound(round: FairnessRound, position: number): PreparedRound {
  const text = canonicalRoundJson(round);
  const row = toRow(round, 0, '');
  const utf8 = Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && SURROGATE.test(v)
        ? Buffer.from(v, 'utf8').toString('utf8')
        : v,
    ]),
  ) as typeof row;
  const stored = toRound({ ...utf8, ingested_at: new Date(0) });
  if (canonicalRoundJson(stored) !== text) {
    const fields = [
      ...(stored.roundId === round.roundId ? [] : ['roundId']),
      ...differingFields(round, stored),
    ];
    throw new InputError(
      `rounds[${position}]: ${
        fields.join(', ') || 'the round'
      } would not be stored exactly as sent, so the stored round would not hash to its leaf`,
    );
  }
  return { round, position, leafHash: hashLeaf(utf8ToBytes(text)), row };
}

/** A request's rounds waiting for the next group commit. */
type PendingBatch = {
  rounds: PreparedRound[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: Error) => void;
};

/** What the group's earlier batches (and the database) hold, as later batches see it. */
type GroupState = {
  existing: Map<string, { round: FairnessRound; leafIndex: number }>;
  pairs: Map<string, SeedPair>;
  lastNonce: Map<string, number>;
  /** `${serverSeedHash}:${nonce}` -> roundId of rounds accepted in this group. */
  nonceUsers: Map<string, string>;
};

/** At most this many rounds go into one transaction; the rest wait for the next. */
const MAX_GROUP_ROUNDS = 5_000;

/** The PostgreSQL type of each column the append writes, for its unnest() INSERTs. */
const PG_COLUMN_TYPES: Record<string, Record<string, string>> = {
  rounds: {
    leaf_index: 'bigint',
    round_id: 'text',
    game: 'text',
    game_params: 'text',
    game_server_id: 'text',
    player_id: 'text',
    server_seed_hash: 'text',
    client_seed: 'text',
    nonce: 'bigint',
    result: 'text',
    wager_minor: 'bigint',
    payout_minor: 'bigint',
    currency: 'text',
    played_at: 'text',
    leaf_hash: 'text',
  },
  tree_nodes: { level: 'integer', node_index: 'bigint', hash: 'text' },
  seed_pairs: {
    server_seed_hash: 'text',
    client_seed: 'text',
    game_server_id: 'text',
  },
};

/** Bound values per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_BINDINGS = 30_000;

function notOwner(where: string, pair: SeedPair): NotAllowedError {
  return new NotAllowedError(
    `${where}seed pair ${pair.serverSeedHash} belongs to game server '${pair.gameServerId}'`,
  );
}

/** Serializes writers within this process; PostgreSQL adds an advisory lock across processes. */
class Mutex {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

// Arbitrary constants identifying the log's locks in pg_advisory_xact_lock.
const APPEND_LOCK_KEY = 0x6661_6972; // "fair"
const SIGN_LOCK_KEY = 0x7369_676e; // "sign"

/** Knex implementation of {@link FairnessStore} for SQLite and PostgreSQL. */
export class DatabaseFairnessStore implements FairnessStore {
  readonly #mutex = new Mutex();
  /** Signers apart from appends: a head reads only committed, immutable nodes. */
  readonly #signMutex = new Mutex();

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseFairnessStore> {
    const { database } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseFairnessStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /** Appends, seeds and reveals: one writer at a time, across replicas on PostgreSQL. */
  async #write<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.#mutex.run(() => this.#transaction(APPEND_LOCK_KEY, fn));
  }

  async #transaction<T>(
    lockKey: number,
    fn: (trx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async trx => {
      if (this.db.client.config.client === 'pg') {
        await trx.raw('SELECT pg_advisory_xact_lock(?)', [lockKey]);
      }
      return fn(trx);
    });
  }

  /**
   * Group commit: requests that arrive while an append transaction runs
   * wait together and go into the next transaction as one (up to
   * MAX_GROUP_ROUNDS rounds), each checked on its own and in arrival order
   * against the log and the batches before it. A refused batch writes
   * nothing and fails alone; the others of its group are appended.
   */
  readonly #pending: PendingBatch[] = [];
  #flushQueued = false;

  async appendRounds(rounds: FairnessRound[]): Promise<AppendResult[]> {
    const prepared = rounds.map(prepareRound);
    return new Promise((resolve, reject) => {
      this.#pending.push({ rounds: prepared, resolve, reject });
      this.#queueFlush();
    });
  }

  #queueFlush() {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    this.#mutex
      .run(async () => {
        // Yield a turn first: the requests the loop has read meanwhile join
        // this group, and the loop polls I/O between commits (better-sqlite3
        // answers synchronously, so back-to-back commits starved it).
        await new Promise(resolve => setImmediate(resolve));
        this.#flushQueued = false;
        const group: PendingBatch[] = [];
        let count = 0;
        while (
          this.#pending.length > 0 &&
          (group.length === 0 ||
            count + this.#pending[0].rounds.length <= MAX_GROUP_ROUNDS)
        ) {
          const batch = this.#pending.shift()!;
          count += batch.rounds.length;
          group.push(batch);
        }
        if (this.#pending.length > 0) this.#queueFlush();
        await this.#commitGroup(group);
      })
      .catch(() => undefined); // #commitGroup settles every batch itself
  }

  async #commitGroup(group: PendingBatch[]) {
    let outcomes: Array<AppendResult[] | Error>;
    try {
      outcomes = await this.#transaction(APPEND_LOCK_KEY, trx =>
        this.#appendGroup(trx, group),
      );
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error as Error);
        return;
      }
      // A failure of the whole transaction (not a refused batch): each
      // batch alone, so one cannot fail the others.
      for (const batch of group) await this.#commitGroup([batch]);
      return;
    }
    outcomes.forEach((outcome, i) =>
      outcome instanceof Error
        ? group[i].reject(outcome)
        : group[i].resolve(outcome),
    );
  }

  async #appendGroup(
    trx: Knex.Transaction,
    group: PendingBatch[],
  ): Promise<Array<AppendResult[] | Error>> {
    const all = group.flatMap(b => b.rounds);
    const state: GroupState = {
      existing: new Map(),
      pairs: new Map(),
      lastNonce: new Map(),
      nonceUsers: new Map(),
    };
    const ids = [...new Set(all.map(p => p.round.roundId))];
    for (const batch of chunks(ids, 5_000)) {
      const rows = await trx<RawDbRoundRow>('rounds').whereIn(
        'round_id',
        batch,
      );
      for (const row of rows) {
        state.existing.set(row.round_id, {
          round: toRound(row),
          leafIndex: Number(row.leaf_index),
        });
      }
    }
    const hashes = [...new Set(all.map(p => p.round.serverSeedHash))];
    for (const batch of chunks(hashes, 500)) {
      (await this.#seedPairs(trx, batch)).forEach(p =>
        state.pairs.set(p.serverSeedHash, p),
      );
      const rows = await trx('rounds')
        .whereIn('server_seed_hash', batch)
        .groupBy('server_seed_hash')
        .select('server_seed_hash')
        .max({ last: 'nonce' });
      rows.forEach((r: any) =>
        state.lastNonce.set(r.server_seed_hash, Number(r.last)),
      );
    }

    // Append the leaves and every perfect subtree they complete.
    let size = await this.#treeSize(trx);
    const frontier = await this.#frontier(trx, size);
    const newPairs: SeedPair[] = [];
    const rows: Array<ReturnType<typeof toRow>> = [];
    const nodes: Array<{ level: number; node_index: number; hash: string }> =
      [];
    const outcomes: Array<AppendResult[] | Error> = [];
    for (const batch of group) {
      let checked;
      try {
        checked = await this.#checkBatch(trx, batch.rounds, state);
      } catch (error) {
        outcomes.push(error as Error);
        continue;
      }
      const { results, fresh, inBatch, pairs } = checked;
      for (const pair of pairs) {
        state.pairs.set(pair.serverSeedHash, pair);
        newPairs.push(pair);
      }
      for (const { round, position, leafHash, row } of fresh) {
        const hex = bytesToHex(leafHash);
        rows.push({ ...row, leaf_index: size, leaf_hash: hex });
        results[position] = {
          roundId: round.roundId,
          leafIndex: size,
          duplicate: false,
        };
        state.existing.set(round.roundId, { round, leafIndex: size });
        state.lastNonce.set(round.serverSeedHash, round.nonce);
        state.nonceUsers.set(
          `${round.serverSeedHash}:${round.nonce}`,
          round.roundId,
        );
        let hash = leafHash;
        let level = 0;
        let pos = size;
        // Level 0 is kept apart from the round rows: the tree is its own record.
        nodes.push({ level: 0, node_index: size, hash: hex });
        while (pos % 2 === 1) {
          hash = hashChildren(frontier.get(level)!, hash);
          frontier.delete(level);
          level += 1;
          pos = (pos - 1) / 2;
          nodes.push({ level, node_index: pos, hash: bytesToHex(hash) });
        }
        frontier.set(level, hash);
        size += 1;
      }
      // Duplicates inside the batch point at the leaf of their first copy.
      batch.rounds.forEach(({ round, position }) => {
        if (results[position].leafIndex === -1) {
          results[position].leafIndex =
            results[inBatch.get(round.roundId)!.position].leafIndex;
        }
      });
      outcomes.push(results);
    }
    await this.#insert(
      trx,
      'seed_pairs',
      newPairs.map(p => ({
        server_seed_hash: p.serverSeedHash,
        client_seed: p.clientSeed,
        game_server_id: p.gameServerId,
      })),
    );
    await this.#insert(trx, 'rounds', rows);
    await this.#insert(trx, 'tree_nodes', nodes);
    return outcomes;
  }

  /**
   * One batch against the log and the group's earlier batches: idempotent
   * resubmissions are answered, changed ones refused; seed pairs are owned
   * by their game server, closed once revealed, keep their client seed, and
   * their nonces only increase. Throws the batch's first refusal; changes
   * nothing in `state` (the caller applies an accepted batch).
   */
  async #checkBatch(
    trx: Knex.Transaction,
    rounds: PreparedRound[],
    state: GroupState,
  ) {
    const results: AppendResult[] = new Array(rounds.length);
    const fresh: PreparedRound[] = [];
    const inBatch = new Map<string, PreparedRound>();
    for (const prepared of rounds) {
      const { round, position } = prepared;
      const stored = state.existing.get(round.roundId);
      const earlier = stored?.round ?? inBatch.get(round.roundId)?.round;
      if (earlier) {
        const fields = differingFields(earlier, round);
        if (fields.length > 0) {
          throw new ConflictError(
            `rounds[${position}]: round '${
              round.roundId
            }' was already recorded with different ${fields.join(', ')}`,
          );
        }
        results[position] = {
          roundId: round.roundId,
          leafIndex: stored?.leafIndex ?? -1,
          duplicate: true,
        };
        continue;
      }
      inBatch.set(round.roundId, prepared);
      fresh.push(prepared);
    }

    const pairs = new Map<string, SeedPair>();
    const lastNonce = new Map<string, number>();
    for (const { round, position } of fresh) {
      const where = `rounds[${position}]`;
      let pair = state.pairs.get(round.serverSeedHash);
      pair ??= pairs.get(round.serverSeedHash);
      if (!pair) {
        pair = {
          serverSeedHash: round.serverSeedHash,
          clientSeed: round.clientSeed,
          gameServerId: round.gameServerId,
          createdAt: new Date().toISOString(),
          serverSeed: null,
          revealedAt: null,
        };
        pairs.set(pair.serverSeedHash, pair);
      }
      if (pair.gameServerId !== round.gameServerId) {
        throw notOwner(`${where}: `, pair);
      }
      if (pair.revealedAt) {
        throw new ConflictError(
          `${where}: seed pair ${round.serverSeedHash} was revealed at ${pair.revealedAt}; rounds after a reveal need a new seed pair`,
        );
      }
      if (pair.clientSeed !== round.clientSeed) {
        throw new ConflictError(
          `${where}: client seed '${round.clientSeed}' does not match client seed '${pair.clientSeed}' of seed pair ${round.serverSeedHash}`,
        );
      }
      const last =
        lastNonce.get(round.serverSeedHash) ??
        state.lastNonce.get(round.serverSeedHash);
      if (last !== undefined && round.nonce <= last) {
        const used = await trx<RawDbRoundRow>('rounds')
          .where({
            server_seed_hash: round.serverSeedHash,
            nonce: round.nonce,
          })
          .first();
        const usedInBatch = fresh.find(
          f =>
            f.position < position &&
            f.round.serverSeedHash === round.serverSeedHash &&
            f.round.nonce === round.nonce,
        );
        const by =
          used?.round_id ??
          state.nonceUsers.get(`${round.serverSeedHash}:${round.nonce}`) ??
          usedInBatch?.round.roundId;
        throw new ConflictError(
          by
            ? `${where}: nonce ${round.nonce} was already used in seed pair ${round.serverSeedHash} by round '${by}'`
            : `${where}: nonce ${round.nonce} goes backwards; seed pair ${round.serverSeedHash} is already at nonce ${last}`,
        );
      }
      lastNonce.set(round.serverSeedHash, round.nonce);
    }
    return { results, fresh, inBatch, pairs: [...pairs.values()] };
  }

  /**
   * Multi-row INSERTs of as many rows as the engines' limits allow; on
   * PostgreSQL one `INSERT ... SELECT FROM unnest(...)` per table: one bound
   * array per column instead of one parameter per value, and the same plan
   * whatever the number of rows.
   */
  async #insert(trx: Knex.Transaction, table: string, rows: object[]) {
    if (rows.length === 0) return;
    const types = PG_COLUMN_TYPES[table];
    const columns = Object.keys(rows[0]);
    if (
      this.db.client.config.client === 'pg' &&
      types &&
      columns.every(c => types[c])
    ) {
      const values = rows as Array<Record<string, string | number>>;
      await trx.raw(
        `INSERT INTO ?? (${columns
          .map(() => '??')
          .join(', ')}) SELECT * FROM unnest(${columns
          .map(c => `?::${types[c]}[]`)
          .join(', ')})`,
        [
          table,
          ...columns,
          ...columns.map(
            // Each column holds only text or only integers.
            c => values.map(r => r[c]) as string[] | number[],
          ),
        ],
      );
      return;
    }
    const perRow = Object.keys(rows[0]).length;
    // knex writes a SQLite multi-row insert as a compound SELECT (at most 500 terms).
    const max = this.db.client.config.client === 'pg' ? Infinity : 500;
    const size = Math.min(max, Math.floor(MAX_BINDINGS / perRow));
    for (const batch of chunks(rows, size)) {
      await trx(table).insert(batch);
    }
  }

  async #seedPairs(db: Knex, hashes: string[]): Promise<SeedPair[]> {
    const rows = await db('seed_pairs')
      .leftJoin(
        'seed_reveals',
        'seed_pairs.server_seed_hash',
        'seed_reveals.server_seed_hash',
      )
      .whereIn('seed_pairs.server_seed_hash', hashes)
      .select(
        'seed_pairs.server_seed_hash',
        'seed_pairs.client_seed',
        'seed_pairs.game_server_id',
        'seed_pairs.created_at',
        'seed_reveals.server_seed',
        'seed_reveals.revealed_at',
      );
    return rows.map(toSeedPair);
  }

  async #treeSize(db: Knex): Promise<number> {
    const row = await db('rounds').max({ last: 'leaf_index' }).first();
    return row?.last === null || row?.last === undefined
      ? 0
      : Number(row.last) + 1;
  }

  /** Left siblings still waiting for a right partner: one per set bit of size. */
  async #frontier(db: Knex, size: number): Promise<Map<number, Uint8Array>> {
    const ids: TreeNodeId[] = [];
    for (let level = 0; 2 ** level <= size; level++) {
      const count = Math.floor(size / 2 ** level);
      if (count % 2 === 1) {
        ids.push({ level, index: count - 1 });
      }
    }
    const read = await this.#readNodes(db, ids);
    return new Map(ids.map(id => [id.level, read.get(nodeKey(id))!]));
  }

  async commitSeed(pair: {
    serverSeedHash: string;
    clientSeed: string;
    gameServerId: string;
  }): Promise<SeedPair> {
    return this.#write(async trx => {
      const [existing] = await this.#seedPairs(trx, [pair.serverSeedHash]);
      if (existing) {
        if (existing.gameServerId !== pair.gameServerId) {
          throw notOwner('', existing);
        }
        if (existing.clientSeed !== pair.clientSeed) {
          throw new ConflictError(
            `seed pair ${pair.serverSeedHash} was committed with client seed '${existing.clientSeed}', not '${pair.clientSeed}'`,
          );
        }
        return existing;
      }
      await trx('seed_pairs').insert({
        server_seed_hash: pair.serverSeedHash,
        client_seed: pair.clientSeed,
        game_server_id: pair.gameServerId,
      });
      return (await this.#seedPairs(trx, [pair.serverSeedHash]))[0];
    });
  }

  async revealSeed(
    serverSeedHash: string,
    serverSeed: string,
    gameServerId: string,
  ): Promise<SeedPair> {
    return this.#write(async trx => {
      const [pair] = await this.#seedPairs(trx, [serverSeedHash]);
      if (!pair) {
        throw new NotFoundError(`Unable to find seed pair ${serverSeedHash}`);
      }
      if (pair.gameServerId !== gameServerId) {
        throw notOwner('', pair);
      }
      const actual = hashServerSeed(serverSeed);
      if (actual !== serverSeedHash) {
        throw new InputError(
          `serverSeed does not match the commitment: sha256(serverSeed) is ${actual}, the commitment is ${serverSeedHash}`,
        );
      }
      if (pair.serverSeed !== null) {
        return pair; // revealing the same seed twice is idempotent
      }
      await trx('seed_reveals').insert({
        server_seed_hash: serverSeedHash,
        server_seed: serverSeed,
      });
      return (await this.#seedPairs(trx, [serverSeedHash]))[0];
    });
  }

  async getSeedPair(serverSeedHash: string): Promise<SeedPair | undefined> {
    return (await this.#seedPairs(this.db, [serverSeedHash]))[0];
  }

  async getSeedPairs(serverSeedHashes: string[]): Promise<SeedPair[]> {
    const out: SeedPair[] = [];
    for (const batch of chunks([...new Set(serverSeedHashes)], 500)) {
      out.push(...(await this.#seedPairs(this.db, batch)));
    }
    return out;
  }

  async getRound(roundId: string): Promise<StoredRound | undefined> {
    const row = await this.db<RawDbRoundRow>('rounds')
      .where({ round_id: roundId })
      .first();
    return row ? toRound(row) : undefined;
  }

  #filtered(filter: RoundFilter) {
    const query = this.db<RawDbRoundRow>('rounds');
    if (filter.roundId) query.where('round_id', filter.roundId);
    if (filter.roundIdPrefix) {
      // substr, not LIKE: the same case-sensitive meaning on SQLite and
      // PostgreSQL, and no wildcards to escape in ids that contain % or _.
      // Both count characters (code points), not UTF-16 units.
      query.whereRaw('substr(round_id, 1, ?) = ?', [
        Array.from(filter.roundIdPrefix).length,
        filter.roundIdPrefix,
      ]);
    }
    if (filter.gameServerId) query.where('game_server_id', filter.gameServerId);
    if (filter.playerId) query.where('player_id', filter.playerId);
    if (filter.game) query.where('game', filter.game);
    if (filter.serverSeedHash)
      query.where('server_seed_hash', filter.serverSeedHash);
    if (filter.from) query.where('played_at', '>=', filter.from);
    if (filter.to) query.where('played_at', '<', filter.to);
    if (filter.leafIndexFrom !== undefined)
      query.where('leaf_index', '>=', filter.leafIndexFrom);
    if (filter.leafIndexBelow !== undefined)
      query.where('leaf_index', '<', filter.leafIndexBelow);
    return query;
  }

  async searchRounds(
    filter: RoundFilter & { beforeLeafIndex?: number; limit: number },
  ) {
    const query = this.#filtered(filter)
      .orderBy('leaf_index', 'desc')
      .limit(filter.limit);
    if (filter.beforeLeafIndex !== undefined)
      query.where('leaf_index', '<', filter.beforeLeafIndex);
    return (await query).map(toRound);
  }

  async listRounds(
    filter: RoundFilter & { afterLeafIndex?: number; limit: number },
  ) {
    const query = this.#filtered(filter)
      .orderBy('leaf_index', 'asc')
      .limit(filter.limit);
    if (filter.afterLeafIndex !== undefined)
      query.where('leaf_index', '>', filter.afterLeafIndex);
    return (await query).map(toRound);
  }

  async countRounds(filter: RoundFilter): Promise<number> {
    // Every round is one leaf: unfiltered, the count is the tree size (an
    // index lookup) rather than a scan of the whole table.
    if (Object.values(filter).every(v => v === undefined || v === '')) {
      return this.#treeSize(this.db);
    }
    const row = await this.#filtered(filter).count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  async getRoundsByLeafRange(
    start: number,
    end: number,
  ): Promise<StoredRound[]> {
    const rows = await this.db<RawDbRoundRow>('rounds')
      .where('leaf_index', '>=', start)
      .andWhere('leaf_index', '<', end)
      .orderBy('leaf_index', 'asc');
    return rows.map(toRound);
  }

  async getTreeSize(): Promise<number> {
    return this.#treeSize(this.db);
  }

  async readNodes(nodes: TreeNodeId[]): Promise<Map<string, Uint8Array>> {
    return this.#readNodes(this.db, nodes);
  }

  async #readNodes(
    db: Knex,
    nodes: TreeNodeId[],
  ): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const store = (rows: any[]) =>
      rows.forEach(r =>
        out.set(`${r.level}:${Number(r.node_index)}`, hexToBytes(r.hash)),
      );
    const byLevel = new Map<number, number[]>();
    for (const n of nodes) {
      const list = byLevel.get(n.level);
      if (list) list.push(n.index);
      else byLevel.set(n.level, [n.index]);
    }
    const sparse: TreeNodeId[] = [];
    for (const [level, indexes] of byLevel) {
      indexes.sort((x, y) => x - y);
      const first = indexes[0];
      const last = indexes[indexes.length - 1];
      // Dense runs (exports of many neighbouring rounds) are one range scan
      // of the primary key; scattered nodes are looked up by key.
      if (indexes.length >= 64 && indexes.length * 4 >= last - first + 1) {
        store(
          await db('tree_nodes')
            .where('level', level)
            .whereBetween('node_index', [first, last])
            .select('level', 'node_index', 'hash'),
        );
      } else {
        sparse.push(...indexes.map(index => ({ level, index })));
      }
    }
    for (const batch of chunks(sparse, 500)) {
      const levels = new Map<number, number[]>();
      for (const n of batch) {
        const list = levels.get(n.level);
        if (list) list.push(n.index);
        else levels.set(n.level, [n.index]);
      }
      store(
        await db('tree_nodes')
          .where(q => {
            for (const [level, indexes] of levels) {
              q.orWhere(b =>
                b.where('level', level).whereIn('node_index', indexes),
              );
            }
          })
          .select('level', 'node_index', 'hash'),
      );
    }
    return out;
  }

  #treeHeads() {
    return this.db('tree_heads')
      .leftJoin('anchors', 'tree_heads.id', 'anchors.tree_head_id')
      .select(
        'tree_heads.*',
        'anchors.chain_id',
        'anchors.tx_hash',
        'anchors.data',
      );
  }

  async getLatestTreeHead(): Promise<TreeHead | undefined> {
    const row = await this.#treeHeads()
      .orderBy('tree_heads.id', 'desc')
      .first();
    return row ? toTreeHead(row) : undefined;
  }

  async getLatestWitnessedTreeHead(): Promise<TreeHead | undefined> {
    const row = await this.#treeHeads()
      .join(
        'witnessed_checkpoints',
        'tree_heads.id',
        'witnessed_checkpoints.tree_head_id',
      )
      .select('witnessed_checkpoints.note as witnessed_note')
      .orderBy('tree_heads.id', 'desc')
      .first();
    return row ? { ...toTreeHead(row), note: row.witnessed_note } : undefined;
  }

  async addWitnessedCheckpoint(treeHeadId: number, note: string) {
    await this.db('witnessed_checkpoints')
      .insert({
        tree_head_id: treeHeadId,
        note,
        witnessed_at_ms: Date.now(),
      })
      .onConflict('tree_head_id')
      .ignore();
  }

  async getTreeHead(id: number): Promise<TreeHead | undefined> {
    const row = await this.#treeHeads().where('tree_heads.id', id).first();
    return row ? toTreeHead(row) : undefined;
  }

  async listTreeHeads(limit: number): Promise<TreeHead[]> {
    const rows = await this.#treeHeads()
      .orderBy('tree_heads.id', 'desc')
      .limit(limit);
    return rows.map(toTreeHead);
  }

  async addTreeHead(
    build: (
      latest: TreeHead | undefined,
      treeSize: number,
      readNodes: (nodes: TreeNodeId[]) => Promise<Map<string, Uint8Array>>,
    ) => Promise<Omit<TreeHead, 'id' | 'anchor'> | undefined>,
  ): Promise<TreeHead | undefined> {
    return this.#signMutex.run(() =>
      this.#transaction(SIGN_LOCK_KEY, async trx => {
        const latestRow = await trx('tree_heads').orderBy('id', 'desc').first();
        const latest = latestRow ? toTreeHead(latestRow) : undefined;
        const head = await build(latest, await this.#treeSize(trx), nodes =>
          this.#readNodes(trx, nodes),
        );
        if (!head) {
          return undefined;
        }
        const [inserted] = await trx('tree_heads')
          .insert({
            tree_size: head.treeSize,
            root_hash: head.rootHash,
            timestamp_ms: head.timestampMs,
            note: head.note,
          })
          .returning('id');
        const id = typeof inserted === 'object' ? inserted.id : inserted;
        return { ...head, id: Number(id), anchor: null };
      }),
    );
  }

  async getTile(path: string): Promise<Uint8Array | undefined> {
    const row = await this.db('tiles').where({ path }).first('data');
    return row ? new Uint8Array(row.data) : undefined;
  }

  async putTile(path: string, data: Uint8Array): Promise<Uint8Array> {
    // Two replicas may produce the same tile at once: the first insert wins
    // and both serve what was stored.
    await this.db('tiles')
      .insert({ path, data: Buffer.from(data) })
      .onConflict('path')
      .ignore();
    return (await this.getTile(path))!;
  }

  async addAnchor(
    treeHeadId: number,
    anchor: { chainId: string; txHash: string; data: string },
  ) {
    await this.db('anchors').insert({
      tree_head_id: treeHeadId,
      chain_id: anchor.chainId,
      tx_hash: anchor.txHash,
      data: anchor.data,
    });
  }
}
