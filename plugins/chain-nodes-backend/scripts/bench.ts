/*
 * Benchmark: one poller over many chain-node endpoints.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs scripts/bench.ts \
 *     [--nodes 500] [--cycles 8] [--concurrency 50] [--interval 15] [--db sqlite|postgres]
 *   (or: yarn workspace @internal/plugin-chain-nodes-backend bench)
 *
 * Starts N fake JSON-RPC endpoints in a child process (so their CPU is not
 * counted), runs the real probe cycle (catalog → probes → rules → hysteresis →
 * database) back to back and prints: cycle wall time, the poller's CPU time
 * per cycle and its share of one core at the given interval, and database
 * growth per day with and without down-sampling.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { readChainNodesConfig } from '../src/config';
import { DatabaseChainNodesStore } from '../src/database/DatabaseChainNodesStore';
import { ChainNodesPoller } from '../src/service/ChainNodesPoller';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const NODES = Number(arg('nodes', '500'));
const CYCLES = Number(arg('cycles', '8'));
const CONCURRENCY = Number(arg('concurrency', '50'));
const INTERVAL_S = Number(arg('interval', '15'));
const DB = arg('db', 'sqlite');
const FIRST_PORT = Number(arg('port', '20000'));
const RAW_HOURS = 48;

async function startEndpoints() {
  const child = spawn(
    process.execPath,
    [
      path.join(__dirname, 'fakeEndpoints.js'),
      String(NODES),
      String(FIRST_PORT),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', d => String(d).includes('ready') && resolve());
    child.once('exit', code =>
      reject(new Error(`fake endpoints exited with ${code}`)),
    );
  });
  return child;
}

// size(table): bytes of that table with its indexes on PostgreSQL (status-row
// churn would otherwise count as probe growth); the file size on SQLite.
async function openDatabase(): Promise<{
  knex: Knex;
  size: (table: string) => Promise<number>;
  close: () => Promise<void>;
}> {
  if (DB === 'postgres') {
    const name = `chain_nodes_bench_${process.pid}`;
    const admin = knexFactory({
      client: 'pg',
      connection: 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
    await admin.raw(`CREATE DATABASE ${name}`);
    const knex = knexFactory({
      client: 'pg',
      connection: `postgresql://postgres@127.0.0.1:5432/${name}`,
    });
    return {
      knex,
      size: async (table: string) => {
        await knex.raw(`VACUUM ${table}`);
        return Number(
          (await knex.raw('SELECT pg_total_relation_size(?) AS s', [table]))
            .rows[0].s,
        );
      },
      close: async () => {
        await knex.destroy();
        await admin.raw(`DROP DATABASE ${name}`);
        await admin.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chain-nodes-bench-'));
  const file = path.join(dir, 'chain-nodes.sqlite');
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
  return {
    knex,
    size: async (_table: string) => {
      await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => {});
      return fs.statSync(file).size;
    },
    close: async () => {
      await knex.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function entities(): Entity[] {
  return Array.from({ length: NODES }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `bench-node-${i}`,
      annotations: {
        'casino.io/chain': `bench-chain-${i % 5}`,
        'casino.io/rpc-endpoint': `http://127.0.0.1:${FIRST_PORT + i}`,
        'hetzner.cloud/location': ['fsn1', 'nbg1', 'hel1'][i % 3],
      },
    },
    spec: { type: 'chain-node', owner: 'group:default/chains' },
  }));
}

const quietLogger: any = {
  info() {},
  debug() {},
  warn: console.warn,
  error: console.error,
  child() {
    return quietLogger;
  },
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main() {
  const endpoints = await startEndpoints();
  const db = await openDatabase();
  try {
    const store = await DatabaseChainNodesStore.create({
      database: mockServices.database({ knex: db.knex }),
    });
    const service = new ChainNodesPoller({
      store,
      catalog: catalogServiceMock({ entities: entities() }),
      auth: mockServices.auth(),
      logger: quietLogger,
      config: readChainNodesConfig(
        new ConfigReader({
          chainNodes: {
            probeConcurrency: CONCURRENCY,
            probeTimeoutMs: 3000,
            retention: { rawHours: RAW_HOURS },
            chains: Object.fromEntries(
              Array.from({ length: 5 }, (_, i) => [
                `bench-chain-${i}`,
                { expectedChainId: 7777, minPeers: 2, blockTimeSeconds: 2 },
              ]),
            ),
          },
        }),
      ),
    });

    // Warm-up cycle: first inserts into status, JIT, keep-alive connections.
    await service.runProbeCycle();
    const sizeBefore = await db.size('chain_node_probes');
    const [{ n: rowsBefore }] = await db
      .knex('chain_node_probes')
      .count({ n: '*' });

    const walls: number[] = [];
    const cpus: number[] = [];
    let last:
      | Awaited<ReturnType<ChainNodesPoller['runProbeCycle']>>
      | undefined;
    for (let i = 0; i < CYCLES; i++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      last = await service.runProbeCycle();
      walls.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpus.push((cpu.user + cpu.system) / 1000);
    }
    const sizeAfter = await db.size('chain_node_probes');
    const [{ n: rowsAfter }] = await db
      .knex('chain_node_probes')
      .count({ n: '*' });
    const rawRows = Number(rowsAfter) - Number(rowsBefore);
    const bytesPerRaw = Math.max(1, (sizeAfter - sizeBefore) / rawRows);

    // Roll-up rows: one day of hourly rows for every node.
    const rollSize0 = await db.size('chain_node_rollups');
    const hour0 = Date.parse('2026-01-01T00:00:00Z');
    const rollups = [];
    for (let h = 0; h < 24; h++) {
      for (let n = 0; n < NODES; n++) {
        rollups.push({
          node_ref: `resource:default/bench-node-${n}`,
          bucket_start: hour0 + h * 3_600_000,
          samples: 240,
          up_samples: 240,
          healthy_samples: 238,
          avg_blocks_behind: 0.4,
          max_blocks_behind: 2,
          avg_peer_count: 5.2,
          min_peer_count: 3,
          avg_latency_ms: 7.5,
          max_latency_ms: 31,
        });
      }
    }
    for (let i = 0; i < rollups.length; i += 50)
      await db.knex('chain_node_rollups').insert(rollups.slice(i, i + 50));
    const bytesPerRollup = Math.max(
      1,
      ((await db.size('chain_node_rollups')) - rollSize0) / rollups.length,
    );

    const sorted = [...walls].sort((a, b) => a - b);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const cyclesPerDay = (24 * 3600) / INTERVAL_S;
    const rawPerDay = cyclesPerDay * NODES * bytesPerRaw;
    const rollupPerDay = 24 * NODES * bytesPerRollup;

    console.log(
      `chain-nodes poller benchmark (${DB}, ${NODES} endpoints, concurrency ${CONCURRENCY}, ${CYCLES} cycles, Node ${
        process.version
      }, ${os.cpus().length} CPUs)`,
    );
    console.log(`  last cycle: ${JSON.stringify(last)}`);
    console.log(
      `  cycle wall time: median ${sorted[
        Math.floor(sorted.length / 2)
      ].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(
        0,
      )} ms (budget ${INTERVAL_S * 1000} ms)`,
    );
    console.log(
      `  poller CPU per cycle: ${avg(cpus).toFixed(0)} ms → ${(
        (avg(cpus) / (INTERVAL_S * 1000)) *
        100
      ).toFixed(1)}% of one core at one cycle per ${INTERVAL_S} s`,
    );
    console.log(
      `  raw probe row: ~${bytesPerRaw.toFixed(
        0,
      )} B; hourly roll-up row: ~${bytesPerRollup.toFixed(0)} B`,
    );
    console.log(`  without down-sampling: +${mb(rawPerDay)} per day, forever`);
    console.log(
      `  with down-sampling: +${mb(
        rollupPerDay,
      )} per day (hourly roll-ups, kept 90 d → ${mb(rollupPerDay * 90)}),`,
    );
    console.log(
      `    plus a constant ${RAW_HOURS} h raw window of ${mb(
        rawPerDay * (RAW_HOURS / 24),
      )}`,
    );
  } finally {
    await db.close();
    endpoints.kill();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
