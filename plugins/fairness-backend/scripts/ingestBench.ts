/* eslint-disable no-console */
/**
 * Ingest benchmark through the portal's HTTP batch route (issue 17): N
 * concurrent game servers, each with its own externalAccess token, post
 * batches of rounds to a real backend (the fairness plugin with the real
 * auth, permission and scheduler services) on SQLite and on PostgreSQL, with
 * the local witness running as scripts/services/witness.sh runs it (its own
 * process, key and state file). Prints one table, both engines side by side:
 * rounds/s sustained, the batch route's latency, and the time from sending
 * a batch to the first published (witnessed) checkpoint covering it, as an
 * auditor polling GET /checkpoint sees it; with the load average.
 *
 *   yarn bench:ingest                               # 20 servers, 20 s per engine
 *   yarn bench:ingest --seconds 10 --db pg --cpu-prof /tmp/prof
 *
 * Options: --seconds (timed window per engine, default 20), --servers (20),
 * --batch (rounds per request, 500), --players (seed pairs per server, 20),
 * --db (sqlite,pg; pg is skipped when 127.0.0.1:5432 is not reachable, or
 * set BENCH_PG), --cpu-prof <dir> (profiles the backend's thread during each
 * window, writes <dir>/<engine>.cpuprofile and prints its top frames).
 *
 * The clients run in a child process, so the backend's event loop and its
 * CPU time (reported per 1,000 rounds, which a loaded machine changes less
 * than throughput) are its own; they still share the machine's cores.
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  FairnessRound,
  GameName,
  gameResult,
  generateNoteKeys,
  hashServerSeed,
  parseSignerKey,
  setCryptoPrimitives,
} from '@internal/plugin-fairness-common';
import { ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { nodeCryptoPrimitives } from '../src/service/nodeCrypto';
import { AUDITOR, userBearer } from '../src/__testUtils__/realAuth';
import { startPortal } from '../src/__testUtils__/testPortal';

type Engine = 'sqlite' | 'pg';

/** What the main thread hands the client worker. */
type ClientPlan = {
  base: string;
  servers: Array<{ id: string; token: string }>;
  auditor: string;
  seconds: number;
  batch: number;
  players: number;
};

/** What the client worker reports back. */
type ClientReport = {
  rounds: number;
  batches: number;
  seconds: number;
  errors: string[];
  ingestMs: number[];
  /** Per batch: sent -> first witnessed checkpoint covering its last leaf. */
  witnessedMs: number[];
  /** Per batch: accepted (the route's 201) -> that checkpoint. */
  acceptedMs: number[];
  /** Batches no published checkpoint covered within the drain timeout. */
  uncovered: number;
  checkpoints: number;
  /** CPU the client process used in the timed window (sending, reading answers, polling). */
  cpuMs: number;
  /** Request bodies built during the window because the pre-built ones ran out. */
  builtLate: number;
};

/** How long the clients wait after the window for the last batches to be witnessed. */
const DRAIN_MS = 30_000;
/** How often the auditor's poller reads GET /checkpoint. */
const POLL_MS = 50;

const GAMES: GameName[] = ['dice', 'limbo', 'roulette', 'keno'];

/**
 * Request bodies pre-built per game server, for up to this many rounds/s
 * over the window: real game servers build and sign rounds on their own
 * machines, so the measured window holds only sending them.
 */
const PREBUILT_ROUNDS_PER_SECOND = 16_000;

const pct = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

// ---------------------------------------------------------------- clients

/** A player's seed pair on one game server, with its next nonce. */
type Player = { id: string; serverSeed: string; hash: string; nonce: number };

function round(server: string, player: Player): FairnessRound {
  const nonce = player.nonce++;
  const game = GAMES[nonce % GAMES.length];
  const clientSeed = `${player.id}-client`;
  return {
    roundId: `${player.hash.slice(0, 16)}-${nonce}`,
    game,
    gameParams: {},
    gameServerId: server,
    playerId: player.id,
    serverSeedHash: player.hash,
    clientSeed,
    nonce,
    result: gameResult(game, {
      serverSeed: player.serverSeed,
      clientSeed,
      nonce,
    }),
    wagerMinor: 100,
    payoutMinor: nonce % 3 === 0 ? 198 : 0,
    currency: 'EUR',
    playedAt: new Date().toISOString(),
  };
}

/**
 * fetch, and once more when the connection was reset: a keep-alive socket
 * the server closed meanwhile. Safe for the batch route too, which answers
 * a resubmitted batch as duplicates.
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

async function runClients(plan: ClientPlan): Promise<ClientReport> {
  setCryptoPrimitives(nodeCryptoPrimitives);
  const report: ClientReport = {
    rounds: 0,
    batches: 0,
    seconds: 0,
    errors: [],
    ingestMs: [],
    witnessedMs: [],
    acceptedMs: [],
    uncovered: 0,
    checkpoints: 0,
    cpuMs: 0,
    builtLate: 0,
  };
  /** Accepted batches not yet covered by a witnessed checkpoint. */
  const waiting: Array<{ sentAt: number; doneAt: number; lastLeaf: number }> =
    [];
  let witnessedSize = 0;
  let clientsDone = false;

  const poller = (async () => {
    let drainUntil = Infinity;
    for (;;) {
      const res = await send(`${plan.base}/checkpoint`, {
        headers: { Authorization: plan.auditor },
      });
      const now = performance.now();
      if (res.ok) {
        const size = Number((await res.text()).split('\n')[1]);
        if (size > witnessedSize) {
          witnessedSize = size;
          report.checkpoints += 1;
          for (let i = waiting.length - 1; i >= 0; i--) {
            if (waiting[i].lastLeaf < size) {
              report.witnessedMs.push(now - waiting[i].sentAt);
              report.acceptedMs.push(now - waiting[i].doneAt);
              waiting.splice(i, 1);
            }
          }
        }
      } else {
        await res.arrayBuffer();
      }
      if (clientsDone) {
        if (drainUntil === Infinity) drainUntil = now + DRAIN_MS;
        if (waiting.length === 0 || now > drainUntil) break;
      }
      await new Promise(r => setTimeout(r, POLL_MS));
    }
    report.uncovered = waiting.length;
  })();

  // Every body is built before the clock starts (see PREBUILT_ROUNDS_PER_SECOND).
  const perServer = Math.ceil(
    (plan.seconds * PREBUILT_ROUNDS_PER_SECOND) /
      (plan.servers.length * plan.batch),
  );
  const sources = plan.servers.map(server => {
    const players: Player[] = Array.from({ length: plan.players }, (_, i) => {
      const serverSeed = randomBytes(32).toString('hex');
      return {
        id: `${server.id}-player-${i}`,
        serverSeed,
        hash: hashServerSeed(serverSeed),
        nonce: 0,
      };
    });
    let next = 0;
    const build = () => {
      const rounds: FairnessRound[] = [];
      for (let i = 0; i < plan.batch; i++) {
        rounds.push(round(server.id, players[next % players.length]));
        next += 1;
      }
      return Buffer.from(JSON.stringify({ rounds }));
    };
    const bodies = Array.from({ length: perServer }, build);
    return { server, build, bodies };
  });

  process.send?.({ type: 'start' });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + plan.seconds * 1000;
  await Promise.all(
    sources.map(async ({ server, build, bodies }) => {
      while (performance.now() < deadline && report.errors.length < 10) {
        let body = bodies.shift();
        if (!body) {
          report.builtLate += 1;
          body = build();
        }
        const sentAt = performance.now();
        const res = await send(`${plan.base}/rounds/batch`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${server.token}`,
            'Content-Type': 'application/json',
          },
          body,
        });
        const text = await res.text();
        const doneAt = performance.now();
        if (res.status !== 201) {
          report.errors.push(`${server.id}: HTTP ${res.status} ${text}`);
          continue;
        }
        const { results } = JSON.parse(text) as {
          results: Array<{ leafIndex: number }>;
        };
        report.rounds += results.length;
        report.batches += 1;
        report.ingestMs.push(doneAt - sentAt);
        const lastLeaf = Math.max(...results.map(r => r.leafIndex));
        if (lastLeaf < witnessedSize) {
          report.witnessedMs.push(doneAt - sentAt);
          report.acceptedMs.push(0);
        } else {
          waiting.push({ sentAt, doneAt, lastLeaf });
        }
      }
    }),
  );
  report.seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  report.cpuMs = (cpu.user + cpu.system) / 1000;
  clientsDone = true;
  await poller;
  return report;
}

const CLIENTS_ROLE = '--bench-clients';
if (process.argv.includes(CLIENTS_ROLE)) {
  process.once('message', (plan: ClientPlan) =>
    runClients(plan).then(
      report =>
        process.send!({ type: 'report', report }, () => process.exit(0)),
      error => {
        console.error(error);
        process.exit(1);
      },
    ),
  );
}

// ------------------------------------------------------------ the portal

/** The local witness as scripts/services/witness.sh runs it: its own process, key and state. */
async function startWitness(
  dir: string,
  logVkey: string,
): Promise<{ child: ChildProcess; url: string; vkeyFile: string }> {
  const cli = path.resolve(__dirname, '../../../packages/fairness-verify');
  const vkeyFile = path.join(dir, 'witness.vkey');
  const child = spawn(
    process.execPath,
    [
      'bin/fairness-verify',
      'witness',
      '--name',
      'bench.example/witness',
      '--log',
      logVkey,
      '--key-file',
      path.join(dir, 'witness-key'),
      '--state',
      path.join(dir, 'witness-state.json'),
      '--vkey-file',
      vkeyFile,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ],
    { cwd: cli, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && fs.existsSync(vkeyFile)) resolve(m[1]);
    });
    child.once('exit', code => reject(new Error(`witness exited ${code}`)));
  });
  return { child, url, vkeyFile };
}

const PG_URL = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
/** Every plugin's PostgreSQL database of a run is named with this prefix. */
const PG_PREFIX = 'fairness_bench_http_';

/** backend.database as the local default (SQLite files) or production (pg) sets it. */
function databaseConfig(engine: Engine, dir: string) {
  return engine === 'sqlite'
    ? { client: 'better-sqlite3', connection: { directory: dir } }
    : { client: 'pg', connection: PG_URL, prefix: PG_PREFIX };
}

async function dropBenchDatabases() {
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    const { rows } = await admin.raw(
      'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
      [PG_PREFIX],
    );
    for (const { datname } of rows) {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}

async function pgReachable(): Promise<boolean> {
  const knex = knexFactory({
    client: 'pg',
    connection: PG_URL,
  });
  try {
    await knex.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await knex.destroy();
  }
}

/** The top self-time frames of a CPU profile: what dominates the backend. */
function topFrames(profile: any, top = 12): string[] {
  const self = new Map<string, number>();
  let total = 0;
  profile.nodes.forEach((n: any) => {
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') return;
    const us = (n.hitCount ?? 0) * (profile.samplingInterval ?? 1000);
    const where = url.replace(/^.*\/(node_modules|plugins|packages)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([k, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${k}`,
    );
}

/**
 * CPU time (ms) of every process named postgres on this machine, from /proc:
 * the server's backends, and those that exited meanwhile through the
 * postmaster's children's time. Undefined where /proc is not readable.
 */
function postgresCpuMs(): number | undefined {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  let found = false;
  for (const pid of fs.readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres')
        continue;
      // Fields after the command name: utime, stime, cutime, cstime are 14-17.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total +=
        (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * tick;
      found = true;
    } catch {
      // The process exited while we read it.
    }
  }
  return found ? total : undefined;
}

type Row = {
  engine: Engine;
  load: [number, number];
  /** CPU the backend's process used in the window (the clients are another process). */
  backendCpuMs: number;
  /** CPU PostgreSQL's processes used in the window (pg only). */
  postgresCpuMs?: number;
  report: ClientReport;
  profile?: string[];
};

async function benchEngine(
  engine: Engine,
  options: {
    seconds: number;
    servers: number;
    batch: number;
    players: number;
    cpuProf?: string;
  },
): Promise<Row> {
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), `fairness-ingest-${engine}-`),
  );
  const origin = 'bench.example/fairness-log';
  const keys = generateNoteKeys(origin);
  const witness = await startWitness(
    dir,
    parseSignerKey(keys.signerKey).verifierKey,
  );
  if (engine === 'pg') await dropBenchDatabases();
  const servers = Array.from({ length: options.servers }, (_, i) => ({
    id: `bench-game-${String(i + 1).padStart(2, '0')}`,
    token: randomBytes(24).toString('hex'),
  }));
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  try {
    portal = await startPortal({
      // The real scheduler and database, as production runs them.
      services: [schedulerServiceFactory, databaseServiceFactory],
      backend: { database: databaseConfig(engine, dir) },
      // One token per game server, as production configures them.
      tokens: servers.map(s => ({
        token: s.token,
        subject: s.id,
        permission: [
          'fairness.round.ingest',
          'fairness.seed.commit',
          'fairness.seed.reveal',
        ],
      })),
      // As app-config.yaml's local default, with this run's keys.
      fairness: {
        origin,
        signingKey: keys.signerKey,
        treeHeads: {
          frequency: { seconds: 30 },
          checkpointInterval: { seconds: 1 },
        },
        witnesses: [
          {
            name: 'bench.example/witness',
            url: witness.url,
            keyFile: witness.vkeyFile,
          },
        ],
        witnessQuorum: 1,
      },
    });
    const plan: ClientPlan = {
      base: portal.base,
      servers,
      auditor: userBearer(AUDITOR),
      seconds: options.seconds,
      batch: options.batch,
      players: options.players,
    };
    const session = options.cpuProf ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    let load0 = 0;
    let cpu0 = process.cpuUsage();
    let pg0: number | undefined;
    const report = await new Promise<ClientReport>((resolve, reject) => {
      const clients = fork(__filename, [CLIENTS_ROLE], {
        execArgv: process.execArgv.filter(a => !a.startsWith('--cpu-prof')),
      });
      clients.send(plan);
      // The TypeScript loader also messages its parent ({ type: 'watch' }).
      clients.on('message', (m: { type?: string; report?: ClientReport }) => {
        if (m.type === 'start') {
          // The clients built their bodies; the timed window starts.
          load0 = os.loadavg()[0];
          cpu0 = process.cpuUsage();
          pg0 = engine === 'pg' ? postgresCpuMs() : undefined;
        }
        if (m.type === 'report') resolve(m.report!);
      });
      clients.once('exit', code =>
        reject(new Error(`the clients exited with ${code} before reporting`)),
      );
    });
    const cpu = process.cpuUsage(cpu0);
    const pg1 = pg0 === undefined ? undefined : postgresCpuMs();
    const load1 = os.loadavg()[0];
    let profile: string[] | undefined;
    if (session) {
      const { profile: cpuProfile } = await session.post('Profiler.stop');
      session.disconnect();
      fs.mkdirSync(options.cpuProf!, { recursive: true });
      fs.writeFileSync(
        path.join(options.cpuProf!, `${engine}.cpuprofile`),
        JSON.stringify(cpuProfile),
      );
      profile = topFrames(cpuProfile);
    }
    return {
      engine,
      load: [load0, load1],
      backendCpuMs: (cpu.user + cpu.system) / 1000,
      postgresCpuMs:
        pg0 === undefined || pg1 === undefined ? undefined : pg1 - pg0,
      report,
      profile,
    };
  } finally {
    await portal?.stop();
    witness.child.kill('SIGTERM');
    if (engine === 'pg') await dropBenchDatabases();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: Row[], options: { servers: number; batch: number }) {
  const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '-');
  const lines: Array<[string, ...string[]]> = [
    [
      'measure',
      ...rows.map(r => (r.engine === 'pg' ? 'PostgreSQL' : 'SQLite')),
    ],
    [
      `rounds/s sustained (goal >= 10,000 on PostgreSQL)`,
      ...rows.map(r => f0(r.report.rounds / r.report.seconds)),
    ],
    [
      'rounds accepted / seconds',
      ...rows.map(r => `${r.report.rounds} / ${r.report.seconds.toFixed(1)}`),
    ],
    [
      `POST /rounds/batch (${options.batch}) p50 / p99`,
      ...rows.map(
        r =>
          `${ms(pct(r.report.ingestMs, 0.5))} / ${ms(
            pct(r.report.ingestMs, 0.99),
          )}`,
      ),
    ],
    [
      'accepted -> witnessed checkpoint p50 / p99 (goal p99 <= 2 s)',
      ...rows.map(
        r =>
          `${ms(pct(r.report.acceptedMs, 0.5))} / ${ms(
            pct(r.report.acceptedMs, 0.99),
          )}`,
      ),
    ],
    [
      'sent -> witnessed checkpoint p50 / p99 (with queueing)',
      ...rows.map(
        r =>
          `${ms(pct(r.report.witnessedMs, 0.5))} / ${ms(
            pct(r.report.witnessedMs, 0.99),
          )}`,
      ),
    ],
    [
      'batches never witnessed (30 s drain)',
      ...rows.map(r => String(r.report.uncovered)),
    ],
    [
      'witnessed checkpoints seen',
      ...rows.map(r => String(r.report.checkpoints)),
    ],
    [
      'backend CPU ms per 1,000 rounds (robust to load)',
      ...rows.map(r => ((r.backendCpuMs / r.report.rounds) * 1000).toFixed(0)),
    ],
    [
      'PostgreSQL CPU ms per 1,000 rounds (its processes, /proc)',
      ...rows.map(r =>
        r.postgresCpuMs === undefined
          ? '-'
          : ((r.postgresCpuMs / r.report.rounds) * 1000).toFixed(0),
      ),
    ],
    [
      'clients CPU ms per 1,000 rounds (bodies pre-built)',
      ...rows.map(r => ((r.report.cpuMs / r.report.rounds) * 1000).toFixed(0)),
    ],
    [
      'bodies built in the window (pre-built ran out)',
      ...rows.map(r => String(r.report.builtLate)),
    ],
    ['errors', ...rows.map(r => String(r.report.errors.length))],
    [
      'load average (1 min) before / after',
      ...rows.map(r => `${r.load[0].toFixed(1)} / ${r.load[1].toFixed(1)}`),
    ],
  ];
  const widths = lines[0].map((_, c) =>
    Math.max(...lines.map(l => l[c].length)),
  );
  const fmt = (l: string[]) =>
    `| ${l.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(fmt(lines[0]));
  console.log(`| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`);
  lines.slice(1).forEach(l => console.log(fmt(l)));
  for (const r of rows) {
    r.report.errors
      .slice(0, 3)
      .forEach(e => console.log(`${r.engine} error: ${e.slice(0, 300)}`));
    if (r.profile) {
      console.log(`\n${r.engine}: backend CPU profile, top self time`);
      r.profile.forEach(l => console.log(l));
    }
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '20' },
      servers: { type: 'string', default: '20' },
      batch: { type: 'string', default: '500' },
      players: { type: 'string', default: '20' },
      db: { type: 'string', default: 'sqlite,pg' },
      'cpu-prof': { type: 'string' },
    },
  });
  const num = (name: keyof typeof values, max: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new Error(`--${name} must be an integer 1..${max}`);
    return n;
  };
  const options = {
    seconds: num('seconds', 600),
    servers: num('servers', 200),
    batch: num('batch', 1000),
    players: num('players', 1000),
    cpuProf: values['cpu-prof'],
  };
  let engines = values.db!.split(',') as Engine[];
  if (engines.some(e => e !== 'sqlite' && e !== 'pg'))
    throw new Error('--db takes sqlite, pg or both');
  if (engines.includes('pg') && !(await pgReachable())) {
    console.log('PostgreSQL not reachable: SQLite only');
    engines = engines.filter(e => e !== 'pg');
  }
  console.log(
    `fairness ingest through POST /api/fairness/rounds/batch: ${
      options.servers
    } game servers, batches of ${options.batch}, ${
      options.seconds
    } s per engine; ${os.cpus().length} x ${os.cpus()[0].model}, node ${
      process.version
    }`,
  );
  setCryptoPrimitives(nodeCryptoPrimitives);
  const rows: Row[] = [];
  for (const engine of engines) rows.push(await benchEngine(engine, options));
  printTable(rows, options);
}

if (!process.argv.includes(CLIENTS_ROLE)) {
  main().then(
    () => process.exit(0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
