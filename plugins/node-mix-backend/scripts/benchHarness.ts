/*
 * What bench.ts and live-bench.ts share: arguments, percentiles, a demo
 * cluster in a child process, a store and a logger that cost nothing, and
 * the read API served in-process with every permission allowed.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { SnapshotStore } from '../src/database/SnapshotStore';
import { NodeMixReader } from '../src/service/NodeMixReader';
import { createRouter } from '../src/router';

/** The value after `--name` on the command line. */
export function arg(name: string): string | undefined;
export function arg(name: string, fallback: string): string;
export function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The p-th percentile (nearest rank). */
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** A logger that prints only warnings and errors, each through `format`. */
export function quietLogger(
  format: (level: 'warn' | 'error', message: string) => string = (_, m) => m,
): any {
  const logger: any = {
    info() {},
    debug() {},
    warn: (m: string) => console.warn(format('warn', m)),
    error: (m: string) => console.error(format('error', m)),
    child() {
      return logger;
    },
  };
  return logger;
}

/** A snapshot store that keeps nothing: the benchmarks measure reading. */
export const memoryStore: SnapshotStore = {
  saveSuccess: async () => {},
  saveFailure: async () => {},
  listStates: async () => [],
  getSnapshot: async () => undefined,
  addHistoryPoint: async () => {},
  lastHistoryAt: async () => new Date(),
  listHistory: async () => [],
  deleteHistoryBefore: async () => 0,
};

export async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * Starts packages/demo-cluster in a child process, so the API server's work
 * does not count against the benchmark; resolves once it listens.
 */
export async function startDemoCluster(options: {
  env: Record<string, string>;
  /** Echo the demo cluster's output, prefixed `[demo]`. */
  echo: boolean;
}): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const repo = path.resolve(__dirname, '../../..');
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'packages/demo-cluster/src/main.ts',
    ],
    {
      cwd: repo,
      env: {
        ...process.env,
        DEMO_CLUSTER_PORT: String(port),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (options.echo) process.stdout.write(`  [demo] ${d}`);
      if (String(d).includes('listening')) resolve();
    });
    child.on('exit', code =>
      reject(new Error(`demo cluster exited with ${code}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** The read API on a local port, every permission check answered ALLOW. */
export async function serveReadApi(
  reader: NodeMixReader,
): Promise<{ base: string; server: http.Server }> {
  const router = await createRouter({
    reader,
    httpAuth: mockServices.httpAuth(),
    permissions: {
      authorize: async (reqs: unknown[]) =>
        reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async (reqs: unknown[]) =>
        reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any,
  });
  const server = express().use('/api/node-mix', router).listen(0, '127.0.0.1');
  await new Promise(r => server.once('listening', r));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/node-mix`;
  return { base, server };
}
