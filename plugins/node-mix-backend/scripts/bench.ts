/*
 * Benchmark of the node-mix backend against the demo cluster API.
 *
 *   yarn workspace @internal/plugin-node-mix-backend bench
 *     [--nodes 5000] [--pods 100000] [--url http://127.0.0.1:6443 --token demo-cluster-token]
 *     [--requests 1000] [--app-url http://localhost:3000 --cluster demo-eks-dev]
 *
 * Without --url it starts its own demo cluster (packages/demo-cluster) in a
 * child process, so the API server's work does not count against this
 * process. It prints:
 *   - full refresh time and peak heap (read + aggregate every object),
 *   - the same lists just fetched and JSON.parse'd, and the ratio,
 *   - the read API's p50/p99 over --requests requests per route,
 *   - with --app-url: time until the cluster page's node table is
 *     interactive in Chromium (the portal must be running and read the
 *     same cluster).
 */
import { ConfigReader } from '@backstage/config';
import { ChildProcess } from 'node:child_process';
import http from 'node:http';
import fetch from 'node-fetch';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { createNodeMix } from '../src/__testUtils__/nodeMix';
import { NodeMixReader } from '../src/service/NodeMixReader';
import { readNodeMixSettings } from '../src/config';
import {
  arg,
  memoryStore,
  pct,
  quietLogger,
  serveReadApi,
  startDemoCluster,
} from './benchHarness';

const NODES = Number(arg('nodes', '5000'));
const PODS = Number(arg('pods', String(NODES * 20)));
const REQUESTS = Number(arg('requests', '1000'));
const RUNS = Number(arg('runs', '3'));
const TOKEN = arg('token', 'demo-cluster-token')!;
const PAGE_SIZE = 500;

const gc = (global as any).gc as (() => void) | undefined;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function startDemo(): Promise<{ url: string; child?: ChildProcess }> {
  const given = arg('url');
  if (given) {
    return { url: given };
  }
  return startDemoCluster({
    env: {
      DEMO_CLUSTER_NODES: String(NODES),
      DEMO_CLUSTER_PODS: String(PODS),
      DEMO_CLUSTER_CHURN_SECONDS: '0',
    },
    echo: true,
  });
}

/** Runs fn, sampling heapUsed every 5 ms; returns duration and peak heap growth. */
async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; peakHeap: number; peakAbs: number; result: T }> {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const start = performance.now();
  const result = await fn();
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, peakHeap: peak - before, peakAbs: peak, result };
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const LISTS: Array<[string, Record<string, string>]> = [
  ['/api/v1/nodes', {}],
  ['/apis/karpenter.sh/v1/nodepools', {}],
  ['/apis/karpenter.sh/v1/nodeclaims', {}],
  ['/apis/karpenter.k8s.aws/v1/ec2nodeclasses', {}],
  ['/apis/policy/v1/poddisruptionbudgets', {}],
  [
    '/api/v1/pods',
    { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
  ],
];

/** The floor: the same requests, each page only JSON.parse'd. */
async function listAndParse(url: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: false });
  let items = 0;
  // pipelined like the plugin's reader: the next page is requested before
  // the current one is parsed
  const listOne = async (p: string, query: Record<string, string>) => {
    const get = async (token?: string) => {
      const params = new URLSearchParams({
        ...query,
        limit: String(PAGE_SIZE),
      });
      if (token) params.set('continue', token);
      const res = await fetch(`${url}${p}?${params}`, {
        agent,
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          Accept: 'application/json',
        },
      });
      const body = JSON.parse(await res.text());
      return body as { items: unknown[]; metadata?: { continue?: string } };
    };
    let page = await get();
    for (;;) {
      const next = page.metadata?.continue
        ? get(page.metadata.continue)
        : undefined;
      items += page.items.length;
      if (!next) return;
      page = await next;
    }
  };
  await Promise.all(LISTS.slice(0, 5).map(([p, q]) => listOne(p, q)));
  await listOne(LISTS[5][0], LISTS[5][1]);
  return items;
}

const logger = quietLogger();

async function readApiLatency(reader: NodeMixReader, cluster: string) {
  const { base, server } = await serveReadApi(reader);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const results: Record<
    string,
    { p50: number; p99: number; bytes: number; wire: number }
  > = {};
  for (const route of [
    '/clusters',
    `/clusters/${cluster}`,
    `/clusters/${cluster}/nodes`,
  ]) {
    const times: number[] = [];
    let bytes = 0;
    let wire = 0;
    for (let i = 0; i < REQUESTS; i++) {
      // time to the last byte, as a browser would receive it (gzip accepted, not decoded here)
      const start = performance.now();
      const { status, length } = await new Promise<{
        status: number;
        length: number;
      }>((resolve, reject) => {
        http
          .get(
            `${base}${route}`,
            { agent, headers: { 'Accept-Encoding': 'gzip' } },
            res => {
              let n = 0;
              res.on('data', (chunk: Buffer) => {
                n += chunk.length;
              });
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, length: n }),
              );
              res.on('error', reject);
            },
          )
          .on('error', reject);
      });
      times.push(performance.now() - start);
      if (status !== 200) throw new Error(`${route}: ${status}`);
      wire = length;
    }
    const decoded = await fetch(`${base}${route}`, { agent });
    bytes = (await decoded.buffer()).length;
    results[route] = { p50: pct(times, 50), p99: pct(times, 99), bytes, wire };
  }
  server.close();
  agent.destroy();
  return results;
}

async function timeToInteractive(appUrl: string, cluster: string) {
  const { chromium } = await import('playwright-core');
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
    const page = await browser.newPage({
      viewport: { width: 1600, height: 1000 },
    });
    await page.goto(appUrl);
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.waitFor({ timeout: 120_000 });
    await enter.click();
    await page
      .locator('nav[aria-label="sidebar nav"]')
      .waitFor({ state: 'attached', timeout: 60_000 });
    // warm the bundle once, then measure a fresh navigation to the cluster page
    await page.goto(`${appUrl}/clusters/${cluster}`);
    await page.getByTestId('node-count').waitFor({ timeout: 120_000 });
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${appUrl}/clusters`);
      await page
        .getByTestId(`cluster-card-${cluster}`)
        .waitFor({ timeout: 60_000 });
      const start = Date.now();
      await page.getByTestId(`cluster-card-${cluster}`).click();
      // interactive: rows rendered and the filter answers
      await page
        .locator('[role=table][aria-label=Nodes] [role=row][data-node]')
        .first()
        .waitFor({ timeout: 60_000 });
      await page.getByLabel('Search nodes').fill('ip-');
      await page.getByTestId('node-count').waitFor();
      runs.push(Date.now() - start);
      await page.getByLabel('Search nodes').fill('');
    }
    const count = await page.getByTestId('node-count').textContent();
    return { ms: median(runs), runs, count };
  } finally {
    await browser.close();
  }
}

async function main() {
  console.log(
    `node-mix benchmark: ${NODES} nodes, ${PODS} pods, page size ${PAGE_SIZE}, ${RUNS} runs, Node ${
      process.version
    }${gc ? '' : ' (run with --expose-gc for heap numbers)'}`,
  );
  const demo = await startDemo();
  try {
    const cluster: ClusterDetails = {
      name: arg('cluster', 'demo-eks-dev')!,
      url: demo.url,
      skipTLSVerify: true,
      authMetadata: {
        'kubernetes.io/auth-provider': 'serviceAccount',
        serviceAccountToken: TOKEN,
      },
    };
    const { poller, reader } = createNodeMix({
      clusters: [cluster],
      credentials: {
        getCredential: async () => ({ type: 'bearer token', token: TOKEN }),
      },
      store: memoryStore,
      logger,
      settings: readNodeMixSettings(
        new ConfigReader({
          nodeMix: {
            pageSize: PAGE_SIZE,
            requestTimeoutSeconds: 120,
            pricing: { spot: { defaultDiscount: 0.6 } },
          },
        }),
      ),
    });

    // warm-up (JIT, connection setup, the API server's JSON caches)
    await listAndParse(demo.url);
    await poller.read(cluster);

    const baseline: number[] = [];
    const baselineHeap: number[] = [];
    const refresh: number[] = [];
    const refreshHeap: number[] = [];
    let objects = 0;
    let summaryNodes = 0;
    for (let i = 0; i < RUNS; i++) {
      const b = await measure(() => listAndParse(demo.url));
      baseline.push(b.ms);
      baselineHeap.push(b.peakHeap);
      objects = b.result;
      const r = await measure(() => poller.read(cluster));
      refresh.push(r.ms);
      refreshHeap.push(r.peakHeap);
      summaryNodes = r.result.summary.totals.nodes;
    }
    const full = await measure(() => poller.refresh(cluster.name));
    const status = reader.listClusters()[0];
    if (status.state !== 'ok')
      throw new Error(`refresh failed: ${status.error}`);

    console.log(
      `\nobjects listed per refresh: ${objects} (${summaryNodes} nodes in the summary)`,
    );
    console.log(
      `list + JSON.parse only:    median ${median(baseline).toFixed(
        0,
      )} ms, peak heap +${mb(median(baselineHeap))}  [${baseline
        .map(x => x.toFixed(0))
        .join(', ')}]`,
    );
    console.log(
      `refresh (read + aggregate): median ${median(refresh).toFixed(
        0,
      )} ms, peak heap +${mb(median(refreshHeap))}  [${refresh
        .map(x => x.toFixed(0))
        .join(', ')}]`,
    );
    console.log(
      `ratio refresh / list+parse: ${(
        median(refresh) / median(baseline)
      ).toFixed(2)}x (target <= 1.5x)`,
    );
    console.log(
      `full refresh incl. serializing the snapshot: ${full.ms.toFixed(
        0,
      )} ms, peak heap +${mb(full.peakHeap)} (process peak ${mb(
        full.peakAbs,
      )}), snapshot JSON ${mb(
        reader.getNodesJson(cluster.name).length,
      )} nodes + ${mb(reader.getClusterJson(cluster.name).length)} summary`,
    );

    console.log(
      `\nread API, ${REQUESTS} sequential requests per route, time to last byte with gzip accepted (in-process router, permission check stubbed to ALLOW):`,
    );
    const latency = await readApiLatency(reader, cluster.name);
    for (const [route, r] of Object.entries(latency)) {
      console.log(
        `  GET ${route.padEnd(34)} p50 ${r.p50.toFixed(
          1,
        )} ms  p99 ${r.p99.toFixed(1)} ms  (${(r.bytes / 1024).toFixed(
          0,
        )} KiB JSON, ${(r.wire / 1024).toFixed(0)} KiB on the wire)`,
      );
    }

    const appUrl = arg('app-url');
    if (appUrl) {
      const tti = await timeToInteractive(appUrl, cluster.name);
      console.log(
        `\nChromium: cluster page table interactive in ${
          tti.ms
        } ms (median of ${tti.runs.join(', ')} ms; ${tti.count})`,
      );
    } else {
      console.log(
        '\n(pass --app-url http://localhost:3000 with the portal running on a cluster of this size to time the page in Chromium)',
      );
    }
  } finally {
    demo.child?.kill();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
