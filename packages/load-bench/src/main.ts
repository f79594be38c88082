/*
 * yarn load-bench [--quick] [--targets production,dev] [--clients 10,50,100]
 *                 [--seconds 5] [--layout <dir>] [--no-pages] [--out <file.md>]
 *                 [--cpu-prof <dir>] [--routes <part of a path>,...]
 *                 [--pace <seconds>]
 *
 * Loads the portal's read routes on the production build and the dev backend,
 * one after the other in the same run, and prints one table (see README.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadAverage } from './cpu';
import { backgroundLoad, LoadResult, loadRoute, settle, warmUp } from './load';
import { measurePages, PageResult } from './pages';
import { summariseProfiles } from './profile';
import { ROUTES } from './routes';
import { loadTable, pageTable } from './table';
import { seedFairnessLog } from './fairnessSeed';
import {
  productionLayout,
  startDemoCluster,
  startDev,
  startProduction,
  Target,
} from './targets';

/** The repository: the nearest folder up from here with the layout script. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'scripts/production-layout.sh'))) {
      return dir;
    }
    if (dir === path.dirname(dir)) {
      throw new Error(
        `No repository above ${from}: run it with yarn load-bench`,
      );
    }
  }
}
const repoRoot = findRepoRoot(process.cwd());

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    targets: { type: 'string' },
    clients: { type: 'string' },
    seconds: { type: 'string' },
    layout: { type: 'string' },
    'no-pages': { type: 'boolean', default: false },
    'page-clients': { type: 'string', default: '50' },
    out: { type: 'string' },
    'cpu-prof': { type: 'string' },
    routes: { type: 'string' },
    pace: { type: 'string' },
  },
});

const quick = values.quick;
const targets = (values.targets ?? 'production,dev').split(',');
const clients = (values.clients ?? (quick ? '50' : '10,50,100'))
  .split(',')
  .map(Number);
const seconds = Number(values.seconds ?? (quick ? 3 : 5));
const pageClients = Number(values['page-clients']);
// also measure each client count paced: one request per client per N seconds
const pace = values.pace === undefined ? undefined : Number(values.pace);
const pgUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';
for (const t of targets) {
  if (t !== 'production' && t !== 'dev') {
    throw new Error(`Unknown target '${t}': use production and/or dev`);
  }
}
if (pace !== undefined && !(pace > 0)) {
  throw new Error('--pace takes a positive number of seconds');
}
if (clients.some(c => !Number.isInteger(c) || c < 1) || !(seconds > 0)) {
  throw new Error('--clients takes whole numbers, --seconds a positive number');
}

// eslint-disable-next-line no-console
const log = (...args: unknown[]) => console.error('[load-bench]', ...args);

/** Rounds in the fairness log before its routes are loaded (a full first page and more). */
const FAIRNESS_ROUNDS = 500;

async function bench(target: Target, results: LoadResult[], scratch: string) {
  const only = values.routes?.split(',').filter(Boolean);
  const routes = ROUTES.filter(
    r =>
      (!r.productionOnly || target.name === 'production') &&
      (!only || only.some(o => r.path.includes(o))),
  );
  const failing = await warmUp(target, routes, 180_000);
  if (failing.length) {
    log(
      `${
        target.name
      }: still failing after warm-up (counted as errors): ${failing
        .map(r => r.path)
        .join(', ')}`,
    );
  }
  if (routes.some(r => r.path.startsWith('/api/fairness/'))) {
    const size = await seedFairnessLog({
      repoRoot,
      scratch,
      target,
      rounds: FAIRNESS_ROUNDS,
      timeoutMs: 180_000,
    });
    log(`${target.name}: fairness log holds ${size} rounds`);
  }
  const waited = await settle(target, 180_000);
  log(`${target.name}: start-up work settled after ${waited} ms`);
  if (target.name === 'production' && values['cpu-prof']) {
    process.kill(target.pgid, 'SIGUSR2'); // profile the load from here on
  }
  for (const c of clients) {
    for (const route of routes) {
      const r = await loadRoute(target, route, c, seconds);
      log(
        `${target.name} ${route.path} x${c}: ${r.requestsPerSecond.toFixed(
          0,
        )} req/s p50 ${r.p50Ms} p99 ${r.p99Ms} errors ${
          r.errors
        } CPU ${r.cpuPercent.toFixed(0)}%`,
      );
      results.push(r);
      if (pace) {
        const paced = await loadRoute(target, route, c, seconds, pace);
        log(
          `${target.name} ${
            route.path
          } x${c} paced ${pace} s: ${paced.requestsPerSecond.toFixed(
            0,
          )} req/s p50 ${paced.p50Ms} p99 ${paced.p99Ms} errors ${
            paced.errors
          }`,
        );
        results.push(paced);
      }
    }
  }
}

async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-load-bench-'));
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(log);
    stops.length = 0;
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(143)));

  const results: LoadResult[] = [];
  let pages: PageResult[] = [];
  let pageLoad = '';
  let profile = '';
  const loadBefore = loadAverage();
  try {
    const cluster = await startDemoCluster(repoRoot, scratch);
    stops.push(cluster.stop);

    for (const name of targets) {
      log(`starting the ${name} backend (logs in ${scratch})`);
      let target: Target;
      if (name === 'production') {
        let layout = values.layout;
        if (!layout) {
          layout = path.join(scratch, 'app');
          log('laying out the production build (scripts/production-layout.sh)');
          await productionLayout(repoRoot, layout);
        }
        target = await startProduction({
          layout: path.resolve(layout),
          scratch,
          pgUrl,
          demoClusterUrl: cluster.url,
          cpuProfileDir: values['cpu-prof'] && path.resolve(values['cpu-prof']),
        });
      } else {
        target = await startDev({
          repoRoot,
          scratch,
          demoClusterUrl: cluster.url,
        });
      }
      stops.push(target.stop);
      await bench(target, results, scratch);
      if (name === 'production' && !values['no-pages']) {
        pageLoad = `${pageClients} clients load every route`;
        log(`pages in Chromium while ${pageLoad}`);
        const load = backgroundLoad(target, ROUTES, pageClients);
        try {
          pages = await measurePages(target.base, 2, 10_000);
        } finally {
          const totals = await load.stop();
          pageLoad += ` (${totals.requestsPerSecond.toFixed(0)} req/s, p99 ${
            totals.p99Ms
          } ms, ${totals.errors} errors)`;
        }
      }
      await stops.pop()!();
      if (name === 'production' && values['cpu-prof']) {
        profile = summariseProfiles(path.resolve(values['cpu-prof']));
      }
    }
  } finally {
    await stopAll();
  }

  const report = [
    `Load benchmark, ${new Date().toISOString()}: ${seconds} s per route and client count, ${
      os.cpus().length
    } CPUs, load average before ${loadBefore}, after ${loadAverage()}.`,
    '',
    loadTable(results, targets),
    ...(pages.length ? ['', pageTable(pages, pageLoad)] : []),
    ...(profile ? ['', profile] : []),
    '',
  ].join('\n');
  process.stdout.write(report);
  if (values.out) fs.writeFileSync(values.out, report);
  fs.rmSync(scratch, { recursive: true, force: true });
}

main().catch(e => {
  log(e instanceof Error ? e.stack : e);
  process.exit(1);
});
