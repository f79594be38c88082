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
  FairnessRound,
  TreeNodeId,
  bytesEqual,
  bytesToHex,
  canonicalResult,
  hashChildren,
  hashServerSeed,
  hexToBytes,
  roundLeafHash,
} from '@internal/plugin-fairness-common';
import { Knex } from 'knex';
import {
  AppendResult,
  FairnessStore,
  RoundFilter,
  SeedPair,
  StoredRound,
  TreeHead,
  nodeKey,
} from './FairnessStore';

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

/**
 * The round as it will read back: through the row mapping and UTF-8, which
 * is how both engines store text. A round that changes on the way would sit
 * in the log as a false tamper alarm forever, so it is refused at the door.
 */
function assertStoredFaithfully(round: FairnessRound, where: string) {
  const row = toRow(round, 0, '');
  const utf8 = Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' ? Buffer.from(v, 'utf8').toString('utf8') : v,
    ]),
  ) as typeof row;
  const {
    leafIndex: _l,
    leafHash: _h,
    ingestedAt: _i,
    ...stored
  } = toRound({ ...utf8, ingested_at: new Date(0) });
  const fields = [
    ...(stored.roundId === round.roundId ? [] : ['roundId']),
    ...differingFields(round, stored),
  ];
  if (
    fields.length > 0 ||
    !bytesEqual(roundLeafHash(round), roundLeafHash(stored))
  ) {
    throw new InputError(
      `${where}: ${
        fields.join(', ') || 'the round'
      } would not be stored exactly as sent, so the stored round would not hash to its leaf`,
    );
  }
}

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

// Arbitrary constant identifying the log's append lock in pg_advisory_xact_lock.
const APPEND_LOCK_KEY = 0x6661_6972; // "fair"

/** Knex implementation of {@link FairnessStore} for SQLite and PostgreSQL. */
export class DatabaseFairnessStore implements FairnessStore {
  readonly #mutex = new Mutex();

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

  async #write<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.#mutex.run(() =>
      this.db.transaction(async trx => {
        if (this.db.client.config.client === 'pg') {
          await trx.raw('SELECT pg_advisory_xact_lock(?)', [APPEND_LOCK_KEY]);
        }
        return fn(trx);
      }),
    );
  }

  async appendRounds(rounds: FairnessRound[]): Promise<AppendResult[]> {
    return this.#write(async trx => {
      const results: AppendResult[] = new Array(rounds.length);
      const existing = new Map<string, StoredRound>();
      for (const ids of chunks([...new Set(rounds.map(r => r.roundId))], 500)) {
        const rows = await trx<RawDbRoundRow>('rounds').whereIn(
          'round_id',
          ids,
        );
        rows.forEach(row => existing.set(row.round_id, toRound(row)));
      }

      // Idempotency: identical resubmissions are answered, changed ones refused.
      const fresh: Array<{ round: FairnessRound; position: number }> = [];
      const inBatch = new Map<
        string,
        { round: FairnessRound; position: number }
      >();
      rounds.forEach((round, position) => {
        assertStoredFaithfully(round, `rounds[${position}]`);
        const earlier =
          existing.get(round.roundId) ?? inBatch.get(round.roundId)?.round;
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
            leafIndex: (earlier as StoredRound).leafIndex ?? -1,
            duplicate: true,
          };
          return;
        }
        const entry = { round, position };
        inBatch.set(round.roundId, entry);
        fresh.push(entry);
      });

      // Seed pairs: commitments are registered on first use; nonces must increase.
      const hashes = [...new Set(fresh.map(f => f.round.serverSeedHash))];
      const pairs = new Map<string, SeedPair>();
      for (const batch of chunks(hashes, 500)) {
        (await this.#seedPairs(trx, batch)).forEach(p =>
          pairs.set(p.serverSeedHash, p),
        );
      }
      const lastNonce = new Map<string, number>();
      for (const batch of chunks(hashes, 500)) {
        const rows = await trx('rounds')
          .whereIn('server_seed_hash', batch)
          .groupBy('server_seed_hash')
          .select('server_seed_hash')
          .max({ last: 'nonce' });
        rows.forEach((r: any) =>
          lastNonce.set(r.server_seed_hash, Number(r.last)),
        );
      }
      const newPairs: SeedPair[] = [];
      for (const { round, position } of fresh) {
        const where = `rounds[${position}]`;
        let pair = pairs.get(round.serverSeedHash);
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
          newPairs.push(pair);
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
        const last = lastNonce.get(round.serverSeedHash);
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
          const by = used?.round_id ?? usedInBatch?.round.roundId;
          throw new ConflictError(
            by
              ? `${where}: nonce ${round.nonce} was already used in seed pair ${round.serverSeedHash} by round '${by}'`
              : `${where}: nonce ${round.nonce} goes backwards; seed pair ${round.serverSeedHash} is already at nonce ${last}`,
          );
        }
        lastNonce.set(round.serverSeedHash, round.nonce);
      }

      // Append the leaves and every perfect subtree they complete.
      let size = await this.#treeSize(trx);
      const frontier = await this.#frontier(trx, size);
      const rows = [];
      const nodes: Array<{ level: number; node_index: number; hash: string }> =
        [];
      for (const { round, position } of fresh) {
        const leafHash = roundLeafHash(round);
        rows.push(toRow(round, size, bytesToHex(leafHash)));
        results[position] = {
          roundId: round.roundId,
          leafIndex: size,
          duplicate: false,
        };
        let hash = leafHash;
        let level = 0;
        let pos = size;
        // Level 0 is kept apart from the round rows: the tree is its own record.
        nodes.push({ level: 0, node_index: size, hash: bytesToHex(leafHash) });
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
      rounds.forEach((round, position) => {
        if (results[position].leafIndex === -1) {
          results[position].leafIndex =
            results[inBatch.get(round.roundId)!.position].leafIndex;
        }
      });
      for (const batch of chunks(newPairs, 200)) {
        await trx('seed_pairs').insert(
          batch.map(p => ({
            server_seed_hash: p.serverSeedHash,
            client_seed: p.clientSeed,
            game_server_id: p.gameServerId,
          })),
        );
      }
      for (const batch of chunks(rows, 100)) {
        await trx('rounds').insert(batch);
      }
      for (const batch of chunks(nodes, 300)) {
        await trx('tree_nodes').insert(batch);
      }
      return results;
    });
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
    return this.#write(async trx => {
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
    });
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
