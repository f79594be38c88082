/* eslint-disable no-console */
/**
 * Benchmarks of the provably-fair log (run on demand, prints numbers):
 *
 *   yarn bench                      # SQLite, and PostgreSQL if reachable
 *   BENCH_PG=postgresql://postgres@127.0.0.1:5432 BENCH_PROOF_LEAVES=10000000 yarn bench
 *
 * 1. ingest throughput (rounds/s, batches of 500) on SQLite and PostgreSQL
 * 2. verification throughput (commitment + gameResult, one core) vs raw HMAC-SHA256
 * 3. inclusion-proof latency p50/p99 at BENCH_PROOF_LEAVES leaves (default 1M)
 * 4. evidence export of a 100,000-round seed
 * 5. tlog-tiles: full hash tile reads (first read builds and stores the tile,
 *    later reads come from storage) and inclusion proofs computed from tiles
 *    alone, p50/p99 at each size of BENCH_TILE_LEAVES (default 65536,1000000)
 * 6. tlog-tiles at scale (BENCH_ONLY=tiles-bulk): a tree of each size in
 *    BENCH_BULK_TILE_LEAVES (default 1000000,10000000) written straight into
 *    the tiles table (full tiles) plus the tree nodes the right-edge partial
 *    tiles are built from; then stored tile reads and inclusion proofs from
 *    tiles, p50/p99 against the goals (tile < 5 ms, proof < 10 ms) and the
 *    load average. BENCH_KEEP_TREE=1 keeps each tree (SQLite files in
 *    BENCH_KEEP_DIR, default <tmpdir>/fairness-bench-kept; PostgreSQL
 *    databases fairness_bench_kept_<leaves>) and, when a kept one has the
 *    right size, skips the build: a quiet re-run of the reads takes minutes.
 */
import {
  FairnessRound,
  checkCommitment,
  checkResult,
  gameResult,
  generateNoteKeys,
  hashChildren,
  hashServerSeed,
  parseSignerKey,
  verifyInclusion,
  hexToBytes,
  bytesToHex,
  TILE_HEIGHT,
  TILE_WIDTH,
  inclusionProofFromTiles,
  inclusionProofTiles,
  rangeNodes,
  rootFromTiles,
  tilePath,
  tileWidthAt,
} from '@internal/plugin-fairness-common';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { DatabaseFairnessStore } from '../src/database/DatabaseFairnessStore';
import { createFairnessLog } from '../src/service/createFairnessLog';
import { nodeCryptoPrimitives } from '../src/service/nodeCrypto';
import { TileReader } from '../src/service/TileReader';
import { setCryptoPrimitives } from '@internal/plugin-fairness-common';

const signer = parseSignerKey(generateNoteKeys('bench.example/log').signerKey);
const logger = {
  info() {},
  warn: console.warn,
  error: console.error,
  debug() {},
  child() {
    return logger;
  },
} as any;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fairness-bench-'));

function makeRound(serverSeed: string, nonce: number): FairnessRound {
  const games = ['dice', 'limbo', 'roulette', 'keno'] as const;
  const game = games[nonce % 4];
  return {
    roundId: `${serverSeed.slice(0, 8)}-${nonce}`,
    game,
    gameParams: {},
    gameServerId: 'bench',
    playerId: `player-${nonce % 100}`,
    serverSeedHash: hashServerSeed(serverSeed),
    clientSeed: 'bench-client',
    nonce,
    result: gameResult(game, { serverSeed, clientSeed: 'bench-client', nonce }),
    wagerMinor: 100,
    payoutMinor: 0,
    currency: 'EUR',
    playedAt: new Date(Date.UTC(2026, 0, 1) + nonce).toISOString(),
  };
}

async function open(kind: 'sqlite' | 'pg', name: string): Promise<Knex> {
  if (kind === 'sqlite') {
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, `${name}.sqlite`) },
      useNullAsDefault: true,
    });
  }
  const url = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  return knexFactory({
    client: 'pg',
    connection: `${url}/${name}`,
    pool: { min: 1, max: 5 },
  });
}

async function service(knex: Knex) {
  const store = await DatabaseFairnessStore.create({
    database: { getClient: async () => knex } as any,
  });
  return { store, log: createFairnessLog({ store, signer, logger }) };
}

async function pgAvailable() {
  try {
    const k = knexFactory({
      client: 'pg',
      connection:
        process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432',
    });
    await k.raw('select 1');
    await k.destroy();
    return true;
  } catch {
    return false;
  }
}

async function benchIngest(kind: 'sqlite' | 'pg', total: number) {
  const knex = await open(kind, 'fairness_bench_ingest');
  const { store } = await service(knex);
  const seed = randomBytes(32).toString('hex');
  const rounds = Array.from({ length: total }, (_, i) => makeRound(seed, i));
  const start = performance.now();
  for (let i = 0; i < total; i += 500) {
    await store.appendRounds(rounds.slice(i, i + 500));
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `ingest ${kind}: ${total} rounds in batches of 500: ${(
      total / seconds
    ).toFixed(0)} rounds/s`,
  );
  await knex.destroy();
}

function benchVerification() {
  const seeds = Array.from({ length: 10 }, () =>
    randomBytes(32).toString('hex'),
  );
  const rounds = seeds.flatMap(seed =>
    Array.from({ length: 20_000 }, (_, i) => ({
      seed,
      round: makeRound(seed, i),
    })),
  );
  const verifyRate = () => {
    const start = performance.now();
    let ok = 0;
    // As the portal and the CLI do: a seed pair's commitment is checked once.
    const commitments = new Map<string, boolean>();
    for (const { seed, round } of rounds) {
      let committed = commitments.get(round.serverSeedHash);
      if (committed === undefined) {
        committed = checkCommitment(round, seed).ok;
        commitments.set(round.serverSeedHash, committed);
      }
      if (committed && checkResult(round, seed).ok) ok++;
    }
    if (ok !== rounds.length)
      throw new Error('verification failed in benchmark');
    return rounds.length / ((performance.now() - start) / 1000);
  };
  setCryptoPrimitives(undefined);
  const portable = verifyRate();
  setCryptoPrimitives(nodeCryptoPrimitives);
  const native = verifyRate();

  // Raw HMAC-SHA256 of one message per round (node:crypto, native): the physical limit.
  const start = performance.now();
  for (const { seed, round } of rounds) {
    createHmac('sha256', seed)
      .update(`${round.clientSeed}:${round.nonce}:0`)
      .digest();
  }
  const hmacRate = rounds.length / ((performance.now() - start) / 1000);
  console.log(
    `verification (commitment + gameResult, 1 core): ${native.toFixed(
      0,
    )} rounds/s with node:crypto, ${portable.toFixed(
      0,
    )} rounds/s with @noble/hashes; raw HMAC-SHA256 (node:crypto): ${hmacRate.toFixed(
      0,
    )}/s; ratio ${(native / hmacRate).toFixed(2)}`,
  );
}

/** Writes a synthetic tree of `leaves` leaf hashes straight into tree_nodes (proofs read only those). */
async function buildTree(knex: Knex, leaves: number) {
  const frontier: Uint8Array[] = [];
  let batch: Array<{ level: number; node_index: number; hash: string }> = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    for (let i = 0; i < rows.length; i += 5000) {
      await knex('tree_nodes')
        .insert(
          rows
            .slice(i, i + 5000 > rows.length ? rows.length : i + 5000)
            .slice(0, 5000)
            .map(r => r),
        )
        .catch(async () => {
          for (let j = i; j < Math.min(i + 5000, rows.length); j += 300)
            await knex('tree_nodes').insert(
              rows.slice(j, Math.min(j + 300, i + 5000, rows.length)),
            );
        });
    }
  };
  for (let n = 0; n < leaves; n++) {
    let hash: Uint8Array = randomBytes(32);
    batch.push({ level: 0, node_index: n, hash: bytesToHex(hash) });
    let level = 0;
    let pos = n;
    while (pos % 2 === 1) {
      hash = hashChildren(frontier[level], hash);
      level++;
      pos = (pos - 1) / 2;
      batch.push({ level, node_index: pos, hash: bytesToHex(hash) });
    }
    frontier[level] = hash;
    if (batch.length >= 200_000) await flush();
  }
  await flush();
}

async function benchProofs(kind: 'sqlite' | 'pg', leaves: number) {
  const knex = await open(kind, 'fairness_bench_proofs');
  const { log } = await service(knex);
  const start = performance.now();
  if (kind === 'pg') await knex.raw('ALTER TABLE tree_nodes SET UNLOGGED');
  await buildTree(knex, leaves);
  if (kind === 'pg') await knex.raw('ANALYZE tree_nodes');
  console.log(
    `  (built a ${leaves}-leaf tree in ${(
      (performance.now() - start) /
      1000
    ).toFixed(0)} s)`,
  );
  const root = await log.reader.rootAt(leaves);
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const leaf = Math.floor(Math.random() * leaves);
    const t = performance.now();
    const proof = await log.reader.inclusionProof(leaf, leaves);
    times.push(performance.now() - t);
    const [row] = await knex('tree_nodes').where({
      level: 0,
      node_index: leaf,
    });
    if (!verifyInclusion(hexToBytes(row.hash), leaf, leaves, proof, root))
      throw new Error('bad proof');
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.floor(q * (times.length - 1))].toFixed(2);
  console.log(
    `inclusion proof ${kind} at ${leaves} leaves: p50 ${p(0.5)} ms, p99 ${p(
      0.99,
    )} ms (2000 random leaves)`,
  );
  await knex.destroy();
}

/** An inclusion proof as a tile client computes it: fetch the tiles, hash. */
async function proofFromTiles(
  reader: TileReader,
  leaf: number,
  size: number,
): Promise<Uint8Array[]> {
  const tiles = new Map<string, Uint8Array>();
  await Promise.all(
    inclusionProofTiles(leaf, size).map(async t =>
      tiles.set(`${t.level}/${t.index}`, await reader.read(t)),
    ),
  );
  return inclusionProofFromTiles(leaf, size, (level, index) =>
    tiles.get(`${level}/${index}`),
  );
}

async function benchTiles(kind: 'sqlite' | 'pg', leaves: number) {
  const knex = await open(kind, `fairness_bench_tiles_${leaves}`);
  const { store, log } = await service(knex);
  if (kind === 'pg') await knex.raw('ALTER TABLE tree_nodes SET UNLOGGED');
  await buildTree(knex, leaves);
  if (kind === 'pg') await knex.raw('ANALYZE tree_nodes');
  const root = await log.reader.rootAt(leaves);
  // The tiles API serves what the latest checkpoint covers.
  await knex('tree_heads').insert({
    tree_size: leaves,
    root_hash: bytesToHex(root),
    timestamp_ms: Date.now(),
    note: 'bench',
  });
  const reader = new TileReader(store);
  const pct = (times: number[], q: number) =>
    [...times]
      .sort((a, b) => a - b)
      [Math.floor(q * (times.length - 1))].toFixed(2);
  const fullTiles = Math.floor(leaves / TILE_WIDTH);
  const picks = Array.from({ length: Math.min(1000, fullTiles) }, () =>
    Math.floor(Math.random() * fullTiles),
  );
  for (const pass of ['first read (build + store)', 'stored']) {
    const times: number[] = [];
    for (const index of picks) {
      const t = performance.now();
      await reader.read({ level: 0, index, width: TILE_WIDTH });
      times.push(performance.now() - t);
    }
    console.log(
      `tile read ${kind} at ${leaves} leaves, ${pass}: p50 ${pct(
        times,
        0.5,
      )} ms, p99 ${pct(times, 0.99)} ms (${picks.length} random full tiles)`,
    );
  }
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const leaf = Math.floor(Math.random() * leaves);
    const t = performance.now();
    const proof = await proofFromTiles(reader, leaf, leaves);
    times.push(performance.now() - t);
    const [row] = await knex('tree_nodes').where({
      level: 0,
      node_index: leaf,
    });
    if (!verifyInclusion(hexToBytes(row.hash), leaf, leaves, proof, root))
      throw new Error('bad proof from tiles');
  }
  console.log(
    `inclusion proof from tiles ${kind} at ${leaves} leaves: p50 ${pct(
      times,
      0.5,
    )} ms, p99 ${pct(times, 0.99)} ms (1000 random leaves)`,
  );
  await knex.destroy();
}

/** Merkle root of 256 hashes laid out in a tile. */
function tileRoot(tile: Uint8Array): Uint8Array {
  let row = Array.from({ length: tile.length / 32 }, (_, i) =>
    tile.subarray(i * 32, i * 32 + 32),
  );
  while (row.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < row.length; i += 2)
      next.push(hashChildren(row[i], row[i + 1]));
    row = next;
  }
  return row[0];
}

/**
 * Writes a synthetic tree of `leaves` random leaf hashes as the log would
 * have stored it after serving every full tile once: full hash tiles of
 * every level in the tiles table, and in tree_nodes only the nodes of the
 * right-edge partial tiles (which the reader builds on each request).
 * Returns the root. Memory stays at one level-0 tile plus the upper levels.
 */
async function buildTiles(knex: Knex, leaves: number): Promise<Uint8Array> {
  const levels: Uint8Array[][] = []; // hashes of each tile level, above 0
  const partial: Map<string, Uint8Array> = new Map();
  let rows: Array<{ path: string; data: Buffer }> = [];
  const flush = async () => {
    if (rows.length) await knex.batchInsert('tiles', rows, 200);
    rows = [];
  };
  const nodeRows: Array<{ level: number; node_index: number; hash: string }> =
    [];
  const add = async (level: number, index: number, hashes: Uint8Array[]) => {
    const data = Buffer.concat(hashes);
    if (hashes.length === TILE_WIDTH) {
      rows.push({ path: tilePath({ level, index, width: TILE_WIDTH }), data });
      if (rows.length >= 2000) await flush();
    } else {
      partial.set(`${level}/${index}`, data);
      hashes.forEach((h, i) =>
        nodeRows.push({
          level: level * TILE_HEIGHT,
          node_index: index * TILE_WIDTH + i,
          hash: bytesToHex(h),
        }),
      );
    }
  };
  const push = async (level: number, hash: Uint8Array) => {
    const row = (levels[level] ??= []);
    row.push(hash);
    if (row.length % TILE_WIDTH === 0) {
      const index = row.length / TILE_WIDTH - 1;
      const tile = row.slice(-TILE_WIDTH);
      await add(level, index, tile);
      await push(level + 1, tileRoot(Buffer.concat(tile)));
      // upper levels are small; level 1 and above keep their hashes
    }
  };
  const fullTiles = Math.floor(leaves / TILE_WIDTH);
  for (let n = 0; n < fullTiles; n++) {
    const tile = randomBytes(TILE_WIDTH * 32);
    rows.push({
      path: tilePath({ level: 0, index: n, width: TILE_WIDTH }),
      data: tile,
    });
    if (rows.length >= 2000) await flush();
    await push(1, tileRoot(tile));
  }
  const rest = leaves % TILE_WIDTH;
  if (rest) {
    const tile = randomBytes(rest * 32);
    await add(
      0,
      fullTiles,
      Array.from({ length: rest }, (_, i) =>
        tile.subarray(i * 32, i * 32 + 32),
      ),
    );
  }
  for (let level = 1; levels[level]; level++) {
    const row = levels[level];
    const left = row.length % TILE_WIDTH;
    if (left)
      await add(level, Math.floor(row.length / TILE_WIDTH), row.slice(-left));
  }
  await flush();
  await knex.batchInsert('tree_nodes', nodeRows, 500);
  // The root from the tiles just written (upper levels in memory).
  const read = async (level: number, index: number) => {
    const width = tileWidthAt(level, index, leaves);
    if (width < TILE_WIDTH) return partial.get(`${level}/${index}`);
    const row = await knex('tiles')
      .where({ path: tilePath({ level, index, width }) })
      .first('data');
    return row ? new Uint8Array(row.data) : undefined;
  };
  const needed = new Map<string, Uint8Array | undefined>();
  for (const node of rangeNodes({ start: 0, end: leaves })) {
    const level = Math.floor(node.level / TILE_HEIGHT);
    const index = Math.floor(
      (node.index * 2 ** (node.level % TILE_HEIGHT)) / TILE_WIDTH,
    );
    needed.set(`${level}/${index}`, await read(level, index));
  }
  return rootFromTiles(leaves, (level, index) =>
    needed.get(`${level}/${index}`),
  );
}

/**
 * Where BENCH_KEEP_TREE=1 keeps the bulk-built trees between runs: SQLite
 * files in this directory, PostgreSQL databases fairness_bench_kept_<leaves>
 * (a name the runs without BENCH_KEEP_TREE, which drop theirs, never use).
 */
const keptDir =
  process.env.BENCH_KEEP_DIR ?? path.join(os.tmpdir(), 'fairness-bench-kept');

/** A database that survives the run (created empty when missing). */
async function openKept(kind: 'sqlite' | 'pg', name: string): Promise<Knex> {
  if (kind === 'sqlite') {
    fs.mkdirSync(keptDir, { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(keptDir, `${name}.sqlite`) },
      useNullAsDefault: true,
    });
  }
  const url = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
  const admin = knexFactory({ client: 'pg', connection: url });
  const { rows } = await admin.raw(
    'SELECT 1 FROM pg_database WHERE datname = ?',
    [name],
  );
  if (!rows.length) await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  return knexFactory({
    client: 'pg',
    connection: `${url}/${name}`,
    pool: { min: 1, max: 5 },
  });
}

/** The root of a kept tree of exactly `leaves` leaves, if one was built. */
async function keptRoot(
  knex: Knex,
  leaves: number,
): Promise<Uint8Array | undefined> {
  const head = await knex('tree_heads')
    .where({ tree_size: leaves, note: 'bench' })
    .first('root_hash');
  const tiles = await knex('tiles').count({ n: '*' }).first();
  // Full tiles of every level: 1/256 + 1/256^2 + ... of the leaves.
  let expected = 0;
  for (
    let n = Math.floor(leaves / TILE_WIDTH);
    n > 0;
    n = Math.floor(n / TILE_WIDTH)
  )
    expected += n;
  return head && Number(tiles?.n) === expected
    ? hexToBytes(head.root_hash)
    : undefined;
}

const loadAverage = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

/** Stored tile reads and proofs from tiles at `leaves`, from bulk-built tiles. */
async function benchTilesAtScale(kind: 'sqlite' | 'pg', leaves: number) {
  const keep = process.env.BENCH_KEEP_TREE === '1';
  const name = `fairness_bench_${keep ? 'kept' : 'bulk'}_${leaves}`;
  const knex = keep ? await openKept(kind, name) : await open(kind, name);
  const { store } = await service(knex);
  const root = keep ? await keptRoot(knex, leaves) : undefined;
  if (!root) {
    if (keep) {
      // A partial or different tree: start again (the tables are append-only).
      await knex.destroy();
      if (kind === 'sqlite')
        fs.rmSync(path.join(keptDir, `${name}.sqlite`), { force: true });
      else {
        const admin = knexFactory({
          client: 'pg',
          connection:
            process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432',
        });
        await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
        await admin.destroy();
      }
      await benchTilesAtScaleFresh(kind, leaves, await openKept(kind, name));
    } else {
      await benchTilesAtScaleFresh(kind, leaves, knex);
    }
    return;
  }
  await readTilesAtScale(
    kind,
    leaves,
    knex,
    store,
    root,
    'kept from an earlier run',
  );
}

async function benchTilesAtScaleFresh(
  kind: 'sqlite' | 'pg',
  leaves: number,
  knex: Knex,
) {
  const { store } = await service(knex);
  if (kind === 'pg') {
    await knex.raw('ALTER TABLE tiles SET UNLOGGED');
    await knex.raw('ALTER TABLE tree_nodes SET UNLOGGED');
  }
  const start = performance.now();
  const root = await buildTiles(knex, leaves);
  if (kind === 'pg') await knex.raw('ANALYZE tiles');
  const built = `built in ${((performance.now() - start) / 1000).toFixed(0)} s`;
  await knex('tree_heads').insert({
    tree_size: leaves,
    root_hash: bytesToHex(root),
    timestamp_ms: Date.now(),
    note: 'bench',
  });
  await readTilesAtScale(kind, leaves, knex, store, root, built);
}

async function readTilesAtScale(
  kind: 'sqlite' | 'pg',
  leaves: number,
  knex: Knex,
  store: DatabaseFairnessStore,
  root: Uint8Array,
  built: string,
) {
  const reader = new TileReader(store);
  const pct = (times: number[], q: number) =>
    [...times].sort((a, b) => a - b)[Math.floor(q * (times.length - 1))];
  const fullTiles = Math.floor(leaves / TILE_WIDTH);
  const loadBefore = loadAverage();
  const tileTimes: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const index = Math.floor(Math.random() * fullTiles);
    const t = performance.now();
    await reader.read({ level: 0, index, width: TILE_WIDTH });
    tileTimes.push(performance.now() - t);
  }
  const proofTimes: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const leaf = Math.floor(Math.random() * leaves);
    const t = performance.now();
    const proof = await proofFromTiles(reader, leaf, leaves);
    proofTimes.push(performance.now() - t);
    const tile = await reader.read({
      level: 0,
      index: Math.floor(leaf / TILE_WIDTH),
      width: tileWidthAt(0, Math.floor(leaf / TILE_WIDTH), leaves),
    });
    const offset = (leaf % TILE_WIDTH) * 32;
    const leafHash = tile.slice(offset, offset + 32);
    if (!verifyInclusion(leafHash, leaf, leaves, proof, root))
      throw new Error('bad proof from tiles');
  }
  const f = (v: number) => v.toFixed(2);
  console.log(
    `tiles at scale ${kind}, ${leaves} leaves (${built}): stored tile read p50 ${f(
      pct(tileTimes, 0.5),
    )} ms, p99 ${f(pct(tileTimes, 0.99))} ms (goal < 5, ${(
      pct(tileTimes, 0.99) / 5
    ).toFixed(2)}x); proof from tiles p50 ${f(
      pct(proofTimes, 0.5),
    )} ms, p99 ${f(pct(proofTimes, 0.99))} ms (goal < 10, ${(
      pct(proofTimes, 0.99) / 10
    ).toFixed(
      2,
    )}x); 2000 random tiles and leaves, every proof verified; load average ${loadBefore} before, ${loadAverage()} after (1/5/15 min, ${
      os.cpus().length
    } CPUs)`,
  );
  await knex.destroy();
}

async function benchExport(kind: 'sqlite' | 'pg') {
  const knex = await open(kind, 'fairness_bench_export');
  const { store, log } = await service(knex);
  const seed = randomBytes(32).toString('hex');
  for (let i = 0; i < 100_000; i += 500) {
    await store.appendRounds(
      Array.from({ length: 500 }, (_, j) => makeRound(seed, i + j)),
    );
  }
  await store.revealSeed(hashServerSeed(seed), seed, 'bench');
  await log.treeHeads.signTreeHead();
  // One download is capped at 10,000 rounds; the bench pages through all.
  const start = performance.now();
  let bytes = 0;
  let after: number | undefined = undefined;
  do {
    let text = '';
    for await (const chunk of log.evidence.exportEvidence(
      { serverSeedHash: hashServerSeed(seed) },
      { scope: 'bench', limit: 10_000, after },
    )) {
      text += chunk;
    }
    bytes += text.length;
    after = JSON.parse(text).page.next ?? undefined;
  } while (after !== undefined);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `evidence export ${kind}, 100,000-round seed in 10,000-round pages: ${seconds.toFixed(
      1,
    )} s, ${(bytes / 1e6).toFixed(0)} MB`,
  );
  await knex.destroy();
}

async function main() {
  // As the backend runs (plugin.ts): node:crypto behind every hash.
  setCryptoPrimitives(nodeCryptoPrimitives);
  const pg = await pgAvailable();
  const kinds = (pg ? ['sqlite', 'pg'] : ['sqlite']).filter(
    k => !process.env.BENCH_DB || process.env.BENCH_DB === k,
  ) as Array<'sqlite' | 'pg'>;
  const only = process.env.BENCH_ONLY?.split(',');
  const run = (name: string) => !only || only.includes(name);
  console.log(
    `fairness benchmarks on ${os.cpus()[0].model}, node ${process.version}${
      pg ? '' : ' (PostgreSQL not reachable: SQLite only)'
    }`,
  );
  if (run('ingest'))
    for (const k of kinds)
      await benchIngest(k, Number(process.env.BENCH_INGEST_ROUNDS ?? 50_000));
  if (run('verify')) benchVerification();
  if (run('proofs'))
    for (const k of kinds)
      await benchProofs(k, Number(process.env.BENCH_PROOF_LEAVES ?? 1_000_000));
  if (run('export')) for (const k of kinds) await benchExport(k);
  if (run('tiles'))
    for (const size of (process.env.BENCH_TILE_LEAVES ?? '65536,1000000')
      .split(',')
      .map(Number))
      for (const k of kinds) await benchTiles(k, size);
  if (only?.includes('tiles-bulk'))
    for (const size of (
      process.env.BENCH_BULK_TILE_LEAVES ?? '1000000,10000000'
    )
      .split(',')
      .map(Number))
      for (const k of kinds) await benchTilesAtScale(k, size);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
