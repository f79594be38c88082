import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { BenchProcess, freePort, waitFor } from './process';

/** A running backend the benchmark loads. */
export type Target = {
  name: 'production' | 'dev';
  /** http://127.0.0.1:<port> */
  base: string;
  /** The process group whose CPU the table reports. */
  pgid: number;
  /** A guest user token (user:default/guest, in every role). */
  token: string;
  /**
   * A new guest token: one issued before the catalog holds the guest's
   * groups carries no roles, so the warm-up asks again until all routes pass.
   */
  newToken(): Promise<string>;
  /** An externalAccess token of a game server the target accepts rounds from. */
  gameServer: { token: string; id: string };
  stop(): Promise<void>;
};

const READY_MS = 180_000;

/**
 * What the benchmark changes on top of app-config.yaml +
 * app-config.production.yaml: a guest sign-in (a benchmark cannot do the
 * GitHub OAuth dance; the guest is a catalog user in every role, so every
 * permission decision is the same one a real user's token gets) and the
 * local demo cluster instead of EKS.
 */
function benchConfig(demoClusterUrl: string) {
  return `# Written by packages/load-bench for one run; not a deployment config.
app:
  signIn:
    providers: [guest]
auth:
  providers:
    guest:
      userEntityRef: user:default/guest
      dangerouslyAllowOutsideDevelopment: true
kubernetes:
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: demo-eks-dev
          title: EKS dev (demo)
          url: ${demoClusterUrl}
          authProvider: serviceAccount
          serviceAccountToken: demo-cluster-token
          skipTLSVerify: true
          skipMetricsLookup: true
`;
}

async function guestToken(base: string, env: string, proc: BenchProcess) {
  return waitFor(
    'a guest token',
    async () => {
      const res = await fetch(`${base}/api/auth/guest/refresh?env=${env}`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      if (!res.ok) return undefined;
      const body = await res.json();
      return body.backstageIdentity?.token as string | undefined;
    },
    READY_MS,
    proc,
  );
}

async function ready(base: string, proc: BenchProcess) {
  await waitFor(
    `${proc.name} to be ready`,
    async () =>
      (
        await fetch(`${base}/.backstage/health/v1/readiness`)
      ).ok
        ? true
        : undefined,
    READY_MS,
    proc,
  );
}

/** Lays the production bundle out with the Dockerfile's script. */
export async function productionLayout(repoRoot: string, target: string) {
  await promisify(execFile)(
    path.join(repoRoot, 'scripts/production-layout.sh'),
    [target],
    { maxBuffer: 64 * 1024 * 1024 },
  ).catch(e => {
    throw new Error(
      `scripts/production-layout.sh failed (run 'yarn build:backend' first):\n${String(
        e.stderr,
      ).slice(-4000)}`,
    );
  });
}

/**
 * A preload script that profiles the backend from SIGUSR2 (sent once the
 * start-up work has settled, so the profile holds the load and not the
 * start-up) until SIGTERM, then writes the `.cpuprofile` and exits at once.
 */
function profilerPreload(scratch: string, dir: string): string {
  const file = path.join(scratch, 'cpu-profiler.cjs');
  fs.mkdirSync(dir, { recursive: true });
  const out = JSON.stringify(path.join(dir, 'load.cpuprofile'));
  fs.writeFileSync(
    file,
    [
      "const inspector = require('node:inspector');",
      "const fs = require('node:fs');",
      'const session = new inspector.Session();',
      'session.connect();',
      "process.on('SIGUSR2', () => session.post('Profiler.enable', () => session.post('Profiler.start')));",
      "process.once('SIGTERM', () => session.post('Profiler.stop', (err, res) => {",
      `  if (!err) fs.writeFileSync(${out}, JSON.stringify(res.profile));`,
      '  process.exit(0);',
      '}));',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * The production bundle as the image runs it (node packages/backend with
 * app-config.yaml + app-config.production.yaml, NODE_ENV=production) on the
 * local PostgreSQL under a unique database prefix, dropped on stop.
 */
export async function startProduction(options: {
  layout: string;
  scratch: string;
  pgUrl: string;
  demoClusterUrl: string;
  cpuProfileDir?: string;
}): Promise<Target> {
  const { layout, scratch, pgUrl, demoClusterUrl } = options;
  const port = await freePort();
  const unreachable = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const prefix = `portal_bench_${process.pid}_${crypto
    .randomBytes(3)
    .toString('hex')}_`;
  const configFile = path.join(scratch, 'app-config.bench.yaml');
  fs.writeFileSync(configFile, benchConfig(demoClusterUrl));
  const signingKey = execFileSync(
    process.execPath,
    [
      '-p',
      "require('@internal/plugin-fairness-common').generateNoteKeys('casino-platform.local/fairness-log').signerKey",
    ],
    { cwd: layout, encoding: 'utf8' },
  ).trim();
  const pg = new URL(pgUrl);
  const secret = (name: string) =>
    `${name}-${crypto.randomBytes(12).toString('hex')}`;
  const caData = Buffer.from(
    '-----BEGIN CERTIFICATE-----\nbG9jYWw=\n-----END CERTIFICATE-----\n',
  ).toString('base64');
  const gameServer = { token: secret('game-dice-ingest'), id: 'game-dice' };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    POSTGRES_PASSWORD: decodeURIComponent(pg.password) || 'unused',
    BACKEND_SECRET: secret('backendsecret'),
    AUTH_GITHUB_CLIENT_SECRET: secret('github-client-secret'),
    GITHUB_TOKEN: secret('github-token'),
    HCLOUD_TOKEN: secret('hcloud-token'),
    FAIRNESS_SIGNING_KEY: signingKey,
    FAIRNESS_INGEST_TOKEN_GAME_DICE: gameServer.token,
    AWS_SECRET_ACCESS_KEY: secret('aws-secret'),
    PORTAL_BASE_URL: base,
    POSTGRES_HOST: pg.hostname,
    POSTGRES_PORT: pg.port || '5432',
    POSTGRES_USER: decodeURIComponent(pg.username) || 'postgres',
    AUTH_GITHUB_CLIENT_ID: 'portal-load-bench',
    GITHUB_ORG: 'casino-platform-bench',
    EKS_PROD_URL: `https://127.0.0.1:${unreachable}`,
    EKS_DEV_URL: `https://127.0.0.1:${unreachable}`,
    EKS_PROD_CA_DATA: caData,
    EKS_DEV_CA_DATA: caData,
    AWS_ACCESS_KEY_ID: 'AKIAPORTALBENCH',
    AWS_REGION: 'us-east-1',
    APP_CONFIG_backend_listen: `127.0.0.1:${port}`,
    APP_CONFIG_backend_database_prefix: prefix,
    APP_CONFIG_techdocs_publisher_local_publishDirectory: path.join(
      scratch,
      'techdocs',
    ),
    APP_CONFIG_chainNodes_hetzner_baseUrl: `http://127.0.0.1:${unreachable}/v1`,
    PORTAL_DATA_DIR: path.join(scratch, 'data'),
  };
  const proc = BenchProcess.start(
    'production backend',
    process.execPath,
    [
      ...(options.cpuProfileDir
        ? ['--require', profilerPreload(scratch, options.cpuProfileDir)]
        : []),
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
      '--config',
      configFile,
    ],
    { cwd: layout, env, logFile: path.join(scratch, 'production.log') },
  );
  const stop = async () => {
    await proc.stop();
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await client.end();
    }
  };
  try {
    await ready(base, proc);
    const newToken = () => guestToken(base, 'production', proc);
    const token = await newToken();
    return {
      name: 'production',
      base,
      pgid: proc.pgid,
      token,
      newToken,
      gameServer,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The dev backend as `yarn start` runs it (packages/backend/src/index.ts
 * transpiled on the fly, NODE_ENV=development) on the local default's config:
 * SQLite in a scratch data directory, on a port of its own (never 7007). It
 * runs without backstage-cli's file watcher, so edits elsewhere in the tree
 * do not restart it mid-run.
 */
export async function startDev(options: {
  repoRoot: string;
  scratch: string;
  demoClusterUrl: string;
}): Promise<Target> {
  const { repoRoot, scratch, demoClusterUrl } = options;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = path.join(scratch, 'dev-data');
  fs.mkdirSync(path.join(dataDir, 'sqlite'), { recursive: true });
  const proc = BenchProcess.start(
    'dev backend',
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/index.ts'],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
        PORTAL_DATA_DIR: dataDir,
        DEMO_CLUSTER_URL: demoClusterUrl,
        APP_CONFIG_backend_baseUrl: `http://localhost:${port}`,
        APP_CONFIG_backend_listen_port: String(port),
      },
      logFile: path.join(scratch, 'dev.log'),
    },
  );
  const stop = () => proc.stop();
  try {
    await ready(base, proc);
    const newToken = () => guestToken(base, 'development', proc);
    const token = await newToken();
    // app-config.yaml's local demo game server
    const gameServer = {
      token: process.env.FAIRNESS_DEMO_TOKEN ?? 'demo-game-server-local-token',
      id: 'demo-game-server',
    };
    return {
      name: 'dev',
      base,
      pgid: proc.pgid,
      token,
      newToken,
      gameServer,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The demo cluster API (packages/demo-cluster) on a port of its own. */
export async function startDemoCluster(repoRoot: string, scratch: string) {
  const port = await freePort();
  const proc = BenchProcess.start(
    'demo cluster',
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'packages/demo-cluster/src/main.ts',
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, DEMO_CLUSTER_PORT: String(port) },
      logFile: path.join(scratch, 'demo-cluster.log'),
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'the demo cluster',
    async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined),
    60_000,
    proc,
  );
  return { url, stop: () => proc.stop() };
}
