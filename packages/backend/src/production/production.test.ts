/*
 * The production image, booted for real. `yarn build:backend` makes the
 * bundle; scripts/production-layout.sh (the script the Dockerfile runs) lays
 * it out in a temporary folder and installs production dependencies; the
 * image's command starts it with app-config.yaml + app-config.production.yaml
 * against the local PostgreSQL, every variable set to a local value: the
 * local chain nodes (scripts/services/chain-nodes.sh) where the production
 * config reads them, unreachable addresses for EKS and Hetzner (the
 * production config allows no demo stand-in there: EKS is https with AWS
 * auth). Then two replicas of the same bundle share one database.
 *
 * Slow (layout ~2 min, boot ~10 s), so it runs only with
 * PORTAL_TEST_PRODUCTION=1: scripts/test.sh sets it in its own step, after
 * `yarn build:backend`. To run it alone:
 *   yarn build:backend && PORTAL_TEST_PRODUCTION=1 \
 *     BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432 \
 *     yarn workspace backend test src/production
 */
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { readCatalogTree } from '../catalog/catalogFiles';
import {
  freePort,
  legacyServiceToken,
  RunningProcess,
  waitFor,
} from './productionProcess';

const repoRoot = path.resolve(__dirname, '../../../..');
const pgUrl = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const enabled = process.env.PORTAL_TEST_PRODUCTION === '1';
const READY_WITHIN_MS = 60_000;

/** Every plugin packages/backend/src/index.ts adds. */
const PLUGINS = [
  'app',
  'auth',
  'catalog',
  'chain-nodes',
  'cost',
  'events',
  'fairness',
  'kubernetes',
  'mcp-actions',
  'node-mix',
  'notifications',
  'permission',
  'proxy',
  'scaffolder',
  'search',
  'signals',
  'techdocs',
  'user-settings',
];

/**
 * The warnings the production bundle may log here, each with why. Anything
 * else fails the test, so a new warning gets a reason or a fix.
 */
const KNOWN_WARNINGS: Array<{ pattern: RegExp; why: string }> = [
  {
    pattern:
      /^backend\.baseUrl is set to a localhost URL and NODE_ENV is 'production'/,
    why: "the test's doing: the portal's base URL is http://localhost:<port>",
  },
  {
    pattern:
      /^Reading chain-node servers from Hetzner failed: Hetzner API unreachable/,
    why: 'HCLOUD_TOKEN is set but the Hetzner API is an unreachable local address (no network, no stand-in)',
  },
  {
    pattern:
      /^(Refreshing cluster|Cost sample of cluster|Watching cluster) 'eks-(prod|dev)' failed/,
    why: 'EKS_PROD_URL/EKS_DEV_URL point at an unreachable address (the production config needs https and AWS auth; the demo cluster is plain http with a token)',
  },
  {
    pattern: /^Poll failed for subscription "[\w.-]+", retrying in \d+ms/,
    why: 'events.useEventBus is always: a plugin that subscribes before the events backend mounts its routes retries instead of dropping events from the other replicas',
  },
  {
    pattern:
      /^Index for techdocs was not replaced: indexer received 0 documents/,
    why: 'first boot on an empty TechDocs volume: the search indexer runs before the first site is published',
  },
];

if (!enabled) {
  // eslint-disable-next-line no-console
  console.warn(
    'SKIPPING the production image test: set PORTAL_TEST_PRODUCTION=1 after `yarn build:backend` (scripts/test.sh does)',
  );
} else if (!pgUrl) {
  throw new Error(
    'PORTAL_TEST_PRODUCTION=1 needs PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
  );
}

const describeIfEnabled = enabled && pgUrl ? describe : describe.skip;

const secret = (name: string) =>
  `${name}-${crypto.randomBytes(12).toString('hex')}`;

describeIfEnabled(
  'the production image (packages/backend/Dockerfile) booted for real',
  () => {
    const prefix = `portal_prod_${process.pid}_${crypto
      .randomBytes(3)
      .toString('hex')}_`;
    const timings: Record<string, number> = {};
    const replicas: RunningProcess[] = [];
    let layout: string;
    let scratch: string;
    let chainNodes: RunningProcess | undefined;
    let env: NodeJS.ProcessEnv;
    let secrets: Record<string, string>;
    let base: string;
    let token: string;

    const startReplica = async (name: string, port: number) => {
      const replica = RunningProcess.start(
        name,
        process.execPath,
        [
          'packages/backend',
          '--config',
          'app-config.yaml',
          '--config',
          'app-config.production.yaml',
        ],
        { cwd: layout, env: { ...env, APP_CONFIG_backend_listen: `:${port}` } },
      );
      replicas.push(replica);
      const started = Date.now();
      await waitFor(
        `${name} to be ready`,
        async () =>
          (
            await fetch(
              `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
            )
          ).ok
            ? true
            : undefined,
        READY_WITHIN_MS,
        replica,
      );
      return { replica, port, bootMs: Date.now() - started };
    };

    beforeAll(async () => {
      const bundle = path.join(repoRoot, 'packages/backend/dist/bundle.tar.gz');
      if (!fs.existsSync(bundle)) {
        throw new Error(
          'packages/backend/dist/bundle.tar.gz is missing: run `yarn build:backend` first',
        );
      }
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-production-'));
      layout = path.join(scratch, 'app');

      let started = Date.now();
      await promisify(execFile)(
        path.join(repoRoot, 'scripts/production-layout.sh'),
        [layout],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      ).catch(e => {
        throw new Error(
          `scripts/production-layout.sh failed:\n${String(e.stderr).slice(
            -4000,
          )}`,
        );
      });
      timings.layoutMs = Date.now() - started;

      // The local chain nodes the production config's fairness anchor and the
      // catalog's chain-node Resources point at (left alone if already running).
      chainNodes = RunningProcess.start(
        'chain nodes',
        path.join(repoRoot, 'scripts/services/chain-nodes.sh'),
        [],
        {
          cwd: repoRoot,
          env: process.env,
        },
      );
      await waitFor(
        'the local chain nodes',
        async () => {
          const res = await fetch('http://127.0.0.1:8545', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: 1,
              method: 'eth_chainId',
            }),
          });
          return res.ok ? true : undefined;
        },
        120_000,
        chainNodes,
      ).catch(async e => {
        // Already served by someone else's chain nodes: the script exits 0.
        if (chainNodes?.exited !== 0) throw e;
      });

      const pg = new URL(pgUrl!);
      // The production bundle's own code makes the tree-head signing key.
      const signingKey = execFileSync(
        process.execPath,
        [
          '-p',
          "require('@internal/plugin-fairness-common').generateNoteKeys('casino-platform.local/fairness-log').signerKey",
        ],
        { cwd: layout, encoding: 'utf8' },
      ).trim();
      secrets = {
        POSTGRES_PASSWORD:
          decodeURIComponent(pg.password) || secret('postgres-password'),
        BACKEND_SECRET: secret('backendsecret'),
        AUTH_GITHUB_CLIENT_SECRET: secret('github-client-secret'),
        GITHUB_TOKEN: secret('github-token'),
        HCLOUD_TOKEN: secret('hcloud-token'),
        FAIRNESS_SIGNING_KEY: signingKey,
        FAIRNESS_INGEST_TOKEN_GAME_DICE: secret('game-dice-ingest'),
        AWS_SECRET_ACCESS_KEY: secret('aws-secret'),
      };
      const port = await freePort();
      const unreachable = await freePort();
      base = `http://127.0.0.1:${port}`;
      // A CA certificate's shape; nothing connects to the unreachable EKS address.
      const caData = Buffer.from(
        '-----BEGIN CERTIFICATE-----\nbG9jYWw=\n-----END CERTIFICATE-----\n',
      ).toString('base64');
      env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        ...secrets,
        PORTAL_BASE_URL: `http://localhost:${port}`,
        POSTGRES_HOST: pg.hostname,
        POSTGRES_PORT: pg.port || '5432',
        POSTGRES_USER: decodeURIComponent(pg.username) || 'postgres',
        AUTH_GITHUB_CLIENT_ID: 'portal-production-test',
        GITHUB_ORG: 'casino-platform-test',
        EKS_PROD_URL: `https://127.0.0.1:${unreachable}`,
        EKS_DEV_URL: `https://127.0.0.1:${unreachable}`,
        EKS_PROD_CA_DATA: caData,
        EKS_DEV_CA_DATA: caData,
        AWS_ACCESS_KEY_ID: 'AKIAPORTALTEST',
        AWS_REGION: 'us-east-1',
        // Where the environment differs from a cluster: a unique database
        // prefix, the TechDocs volume, no Hetzner API.
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_techdocs_publisher_local_publishDirectory: path.join(
          scratch,
          'techdocs',
        ),
        APP_CONFIG_chainNodes_hetzner_baseUrl: `http://127.0.0.1:${unreachable}/v1`,
        PORTAL_DATA_DIR: path.join(scratch, 'data'),
      };
      token = legacyServiceToken(secrets.BACKEND_SECRET);

      started = Date.now();
      const first = await startReplica('replica a', port);
      timings.bootMs = first.bootMs;
      // eslint-disable-next-line no-console
      console.log(
        `production layout ${timings.layoutMs} ms, boot to readiness ${timings.bootMs} ms`,
      );
    }, 900_000);

    afterAll(async () => {
      await Promise.all(replicas.map(r => r.stop()));
      await chainNodes?.stop();
      if (pgUrl) {
        const client = new Client({ connectionString: pgUrl });
        await client.connect();
        const { rows } = await client.query(
          'SELECT datname FROM pg_database WHERE datname LIKE $1',
          [`${prefix}%`],
        );
        for (const { datname } of rows) {
          await client.query(
            `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`,
          );
        }
        await client.end();
      }
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }, 60_000);

    const api = (p: string) =>
      fetch(`${base}${p}`, { headers: { Authorization: `Bearer ${token}` } });
    const logs = () => replicas[0].logs();

    it(`is ready within ${READY_WITHIN_MS / 1000} s`, () => {
      expect(timings.bootMs).toBeLessThan(READY_WITHIN_MS);
    });

    it('starts every plugin and logs no error', () => {
      const messages = logs().map(l => l.message);
      const startedLine = messages.find(m =>
        m.startsWith('Plugin initialization started:'),
      );
      const started = [...(startedLine ?? '').matchAll(/'([^']+)'/g)]
        .map(m => m[1])
        .sort();
      const initialized = messages
        .filter(m =>
          /^Plugin initialization (in progress|complete), newly initialized:/.test(
            m,
          ),
        )
        .flatMap(m =>
          [...m.split('still initializing')[0].matchAll(/'([^']+)'/g)].map(
            x => x[1],
          ),
        )
        .sort();
      expect(started).toEqual(PLUGINS);
      expect(initialized).toEqual(PLUGINS);
      const errors = replicas[0].lines.filter(l =>
        /"level":"error"|\bERROR\b|Unhandled/.test(l),
      );
      expect(errors).toEqual([]);
    });

    it('holds every entity the repository defines, the platform System and infra included', async () => {
      const expected = readCatalogTree(
        path.join(repoRoot, 'catalog/locations.yaml'),
      ).map(e => stringifyEntityRef(e.entity));
      expect(expected).toEqual(
        expect.arrayContaining([
          'system:default/casino-platform',
          'resource:default/terraform-module-karpenter',
          'resource:default/helm-chart-app',
        ]),
      );
      let missing = expected;
      await waitFor(
        'the catalog to ingest every entity',
        async () => {
          const res = await api(
            '/api/catalog/entities/by-query?limit=1000&fields=kind,metadata.namespace,metadata.name',
          );
          const body = await res.json();
          const found = new Set<string>(
            body.items.map((e: any) => stringifyEntityRef(e)),
          );
          missing = expected.filter(ref => !found.has(ref));
          return missing.length ? undefined : true;
        },
        90_000,
        replicas[0],
      ).catch(() => undefined);
      expect(missing).toEqual([]);
    }, 120_000);

    it('builds the TechDocs of the platform site', async () => {
      await waitFor(
        'the platform site to be built',
        async () => {
          const sync = await api(
            '/api/techdocs/sync/default/system/casino-platform',
          );
          await sync.text();
          const res = await api(
            '/api/techdocs/static/docs/default/system/casino-platform/index.html',
          );
          return res.ok ? true : undefined;
        },
        120_000,
        replicas[0],
      );
      const page = await (
        await api(
          '/api/techdocs/static/docs/default/system/casino-platform/operations/production/index.html',
        )
      ).text();
      expect(page).toContain('Running the portal in production');
    }, 150_000);

    it('serves the built frontend with its config and no secret in it or in the bundle', async () => {
      const index = await (await fetch(`${base}/`)).text();
      const config = JSON.parse(
        /<script type="backstage.io\/config">([\s\S]*?)<\/script>/.exec(
          index,
        )![1],
      );
      const app = config.find((c: any) => c.context === 'app')?.data;
      expect(app.app.title).toBe('Casino Platform Portal');
      expect(app.app.baseUrl).toBe(env.PORTAL_BASE_URL);
      expect(app.app.signIn.providers).toEqual(['github']);

      // Every secret of the environment, and the local default's own tokens.
      const needles = [
        ...Object.values(secrets),
        'demo-cluster-token',
        'demo-game-server-local-token',
      ];
      const scripts = [...index.matchAll(/src="(\/static\/[^"]+\.js)"/g)].map(
        m => m[1],
      );
      expect(scripts.length).toBeGreaterThan(0);
      const served = [
        index,
        ...(await Promise.all(
          scripts.map(async s => (await fetch(`${base}${s}`)).text()),
        )),
      ];
      const files: string[] = [];
      const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else files.push(p);
        }
      };
      walk(path.join(layout, 'packages/app/dist'));
      expect(files.filter(f => f.endsWith('.js')).length).toBeGreaterThan(10);
      const leaks = [
        ...served.flatMap((text, i) =>
          needles
            .filter(n => text.includes(n))
            .map(n => `${i ? scripts[i - 1] : '/'}: ${n}`),
        ),
        ...files.flatMap(f => {
          const text = fs.readFileSync(f, 'latin1');
          return needles
            .filter(n => text.includes(n))
            .map(n => `${path.relative(layout, f)}: ${n}`);
        }),
      ];
      expect(leaks).toEqual([]);
    });

    it('shows the GitHub sign-in in Chromium and refuses the guest', async () => {
      // Required, not imported: jest runs without ES module support.
      const { chromium } =
        require('playwright-core') as typeof import('playwright-core');
      const browser = await chromium.launch({
        executablePath: process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
        ],
      });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', e => problems.push(e.message));
        await page.goto(env.PORTAL_BASE_URL!);
        await page
          .getByText('Sign in with your GitHub account')
          .waitFor({ timeout: 60_000 });
        expect(
          await page.getByRole('button', { name: /sign in/i }).count(),
        ).toBe(1);
        expect(await page.getByRole('button', { name: 'Enter' }).count()).toBe(
          0,
        );
        const guest = await page.evaluate(async () => {
          const res = await fetch('/api/auth/guest/refresh?env=production', {
            headers: { 'X-Requested-With': 'XMLHttpRequest' },
          });
          return res.status;
        });
        expect(guest).toBe(404);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
      // The GitHub button leads to GitHub's OAuth page with the configured app.
      const start = await fetch(
        `${base}/api/auth/github/start?env=production&scope=read:user`,
        { redirect: 'manual' },
      );
      expect(start.status).toBe(302);
      expect(start.headers.get('location')).toMatch(
        /^https:\/\/github\.com\/login\/oauth\/authorize\?.*client_id=portal-production-test/,
      );
    }, 120_000);

    it('logs only the warnings it can explain', () => {
      const warnings = logs().filter(l => l.level === 'warn');
      const unexplained = warnings.filter(
        w => !KNOWN_WARNINGS.some(k => k.pattern.test(w.message)),
      );
      const seen = KNOWN_WARNINGS.filter(k =>
        warnings.some(w => k.pattern.test(w.message)),
      );
      // eslint-disable-next-line no-console
      console.log(
        `warnings left:\n${seen
          .map(k => `- ${k.pattern.source}: ${k.why}`)
          .join('\n')}`,
      );
      expect(unexplained.map(w => `${w.plugin ?? ''}: ${w.message}`)).toEqual(
        [],
      );
      expect(warnings.some(w => /deprecated/i.test(w.message))).toBe(false);
    });

    describe('two replicas on one PostgreSQL', () => {
      it('run each global scheduled task once per interval', async () => {
        const second = await startReplica('replica b', await freePort());
        timings.secondBootMs = second.bootMs;
        const client = new Client({ connectionString: pgUrl });
        await client.connect();
        try {
          const { rows: dbs } = await client.query(
            'SELECT datname FROM pg_database WHERE datname LIKE $1',
            [`${prefix}%`],
          );
          const plugins = new Map<string, Client>();
          for (const { datname } of dbs) {
            const url = new URL(pgUrl!);
            url.pathname = `/${datname}`;
            const c = new Client({ connectionString: url.toString() });
            await c.connect();
            const { rows } = await c.query(
              "SELECT to_regclass('backstage_backend_tasks__tasks') AS t",
            );
            if (rows[0].t) plugins.set(datname.slice(prefix.length), c);
            else await c.end();
          }
          // Every run releases its task with a new next_run_start_at; sample
          // them for a window that spans several intervals of the short tasks.
          const runs = new Map<
            string,
            { cadenceS?: number; starts: Set<string> }
          >();
          const windowMs = 35_000;
          const hetznerBefore = replicas
            .flatMap(r => r.logs())
            .filter(l => /Hetzner API unreachable/.test(l.message)).length;
          const windowStart = Date.now();
          while (Date.now() - windowStart < windowMs) {
            for (const [plugin, c] of plugins) {
              const { rows } = await c.query(
                'SELECT id, settings_json, next_run_start_at FROM backstage_backend_tasks__tasks',
              );
              for (const row of rows) {
                const key = `${plugin}/${row.id}`;
                const cadence = /^PT(\d+)S$/.exec(
                  JSON.parse(row.settings_json).cadence,
                )?.[1];
                const entry = runs.get(key) ?? {
                  cadenceS: cadence ? Number(cadence) : undefined,
                  starts: new Set(),
                };
                entry.starts.add(new Date(row.next_run_start_at).toISOString());
                runs.set(key, entry);
              }
            }
            await new Promise(r => setTimeout(r, 300));
          }
          const elapsedS = (Date.now() - windowStart) / 1000;
          await Promise.all([...plugins.values()].map(c => c.end()));

          expect([...runs.keys()]).toEqual(
            expect.arrayContaining([
              'chain-nodes/chain_nodes_probe',
              'fairness/fairness_sign_tree_head',
              'node-mix/node_mix_refresh',
              'cost/cost_import_kubernetes',
            ]),
          );
          const report: string[] = [];
          for (const [key, { cadenceS, starts }] of runs) {
            if (!cadenceS || cadenceS > 30) continue;
            // Observed releases in the window (the first value was already set).
            const released = starts.size - 1;
            const sorted = [...starts]
              .map(s => Date.parse(s))
              .sort((a, b) => a - b);
            const gaps = sorted.slice(1).map((t, i) => (t - sorted[i]) / 1000);
            report.push(
              `${key} every ${cadenceS}s: ${released} runs in ${elapsedS.toFixed(
                0,
              )}s, gaps ${gaps.join(', ')}`,
            );
            expect({
              key,
              atMostOncePerInterval:
                released <= Math.ceil(elapsedS / cadenceS) + 1,
            }).toEqual({ key, atMostOncePerInterval: true });
            expect({
              key,
              ran: released >= Math.floor(elapsedS / cadenceS) - 1,
            }).toEqual({ key, ran: true });
            for (const gap of gaps)
              expect({ key, gapAtLeastCadence: gap >= cadenceS - 1 }).toEqual({
                key,
                gapAtLeastCadence: true,
              });
          }
          // The chain-node probe logs one Hetzner failure per run, on whichever
          // replica ran it: across both, once per 10 s interval, not twice.
          const hetznerRuns =
            replicas
              .flatMap(r => r.logs())
              .filter(l => /Hetzner API unreachable/.test(l.message)).length -
            hetznerBefore;
          report.push(
            `chain_nodes_probe logged ${hetznerRuns} runs across both replicas`,
          );
          // eslint-disable-next-line no-console
          console.log(report.join('\n'));
          expect(hetznerRuns).toBeLessThanOrEqual(Math.ceil(elapsedS / 10) + 1);
          expect(
            second.replica.lines.filter(l => /"level":"error"/.test(l)),
          ).toEqual([]);
        } finally {
          await client.end();
        }
      }, 150_000);
    });
  },
);
