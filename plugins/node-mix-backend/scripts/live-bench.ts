/*
 * Live benchmark: following a cluster with watches against today's full
 * relist every 60 s, side by side in one run, on a demo cluster that churns.
 *
 *   yarn workspace @internal/plugin-node-mix-backend live-bench
 *     [--nodes 5000] [--pods 100000] [--churn 50] [--probes 30]
 *     [--cpu-seconds 20] [--relist-seconds 60]
 *
 * Starts the demo cluster (packages/demo-cluster) in a child process with
 * DEMO_CLUSTER_CHURN_PER_SECOND=--churn, so the API server's work and the
 * churn do not count against this process, then measures:
 *   - initial sync (paged list of every kind into the watch cache and the
 *     first aggregate) ÷ the same lists only fetched and JSON.parse'd;
 *   - heap of the watch cache after sync ÷ the JSON size of the fields it
 *     keeps (and the whole service's heap growth);
 *   - steady-state CPU of this process while the cluster churns, no readers;
 *   - freshness: a node added in the cluster (POST /demo/changes) until the
 *     read API's node table (GET /clusters/:name/nodes) has it, p50/p99;
 * and the same for a service with watches off that lists everything every
 * --relist-seconds (CPU as one refresh's CPU time over the interval).
 */
import { ConfigReader } from '@backstage/config';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import fetch from 'node-fetch';
import {
  ClusterInformer,
  INFORMER_KINDS,
} from '../src/service/ClusterInformer';
import { KubernetesClient } from '../src/clients/KubernetesClient';
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
const CHURN = Number(arg('churn', '50'));
const PROBES = Number(arg('probes', '30'));
const CPU_SECONDS = Number(arg('cpu-seconds', '20'));
const RELIST_SECONDS = Number(arg('relist-seconds', '60'));
const RUNS = Number(arg('runs', '3'));
const TOKEN = 'demo-cluster-token';
const PAGE_SIZE = 500;
const CLUSTER = 'demo-eks-dev';

const gc = (global as any).gc as (() => void) | undefined;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const median = (xs: number[]) => pct(xs, 50);
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const logger = quietLogger((level, m) => `  [${level}] ${m}`);

async function startDemo(): Promise<{ url: string; child: ChildProcess }> {
  return startDemoCluster({
    env: {
      DEMO_CLUSTER_NODES: String(NODES),
      DEMO_CLUSTER_PODS: String(PODS),
      DEMO_CLUSTER_CHURN_SECONDS: '0',
      DEMO_CLUSTER_CHURN_PER_SECOND: String(CHURN),
      DEMO_CLUSTER_GITOPS_SECONDS: '0',
    },
    echo: false,
  });
}

/** The floor: every list the service makes, each page only JSON.parse'd. */
async function listAndParse(reader: KubernetesClient): Promise<number> {
  let items = 0;
  const count = (page: unknown[]) => {
    items += page.length;
  };
  await Promise.all(
    INFORMER_KINDS.filter(k => k.id !== 'pods').map(k =>
      reader.list(k.path, count, k.query),
    ),
  );
  const pods = INFORMER_KINDS.find(k => k.id === 'pods')!;
  await reader.list(pods.path, count, pods.query);
  return items;
}

async function readApi(reader: NodeMixReader) {
  const { base, server } = await serveReadApi(reader);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  return {
    /** What an open cluster page fetches on a signal (bodies not parsed here). */
    async pageRefetch(): Promise<void> {
      for (const route of [
        `/clusters/${CLUSTER}`,
        `/clusters/${CLUSTER}/nodes`,
      ]) {
        const res = await fetch(`${base}${route}`, {
          agent,
          headers: { 'Accept-Encoding': 'gzip' },
          compress: false,
        });
        await res.buffer();
      }
    },
    /** Whether the node table served now lists `node`. */
    async hasNode(node: string): Promise<boolean> {
      const res = await fetch(`${base}/clusters/${CLUSTER}/nodes`, { agent });
      if (res.status === 404) return false;
      if (!res.ok) throw new Error(`nodes route answered ${res.status}`);
      return (await res.text()).includes(`"name":"${node}"`);
    },
    close() {
      server.close();
      agent.destroy();
    },
  };
}

async function addNode(demoUrl: string): Promise<string> {
  const res = await fetch(`${demoUrl}/demo/changes?kind=scale-up`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  if (!res.ok) throw new Error(`/demo/changes answered ${res.status}`);
  return ((await res.json()) as { nodesAdded: string[] }).nodesAdded[0];
}

/** Adds a node and waits until the read API serves it; ms. */
async function probe(
  demoUrl: string,
  api: { hasNode(n: string): Promise<boolean> },
  pollMs: number,
  timeoutMs: number,
): Promise<number> {
  const node = await addNode(demoUrl);
  const start = performance.now();
  for (;;) {
    if (await api.hasNode(node)) return performance.now() - start;
    if (performance.now() - start > timeoutMs) {
      throw new Error(`node ${node} not served after ${timeoutMs} ms`);
    }
    await sleep(pollMs);
  }
}

function newService(
  cluster: ClusterDetails,
  watch: boolean,
  onClusterChange?: () => void,
) {
  return createNodeMix({
    onClusterChange,
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
          refreshIntervalSeconds: RELIST_SECONDS,
          watch: { enabled: watch },
        },
      }),
    ),
  });
}

async function main() {
  console.log(
    `node-mix live benchmark: ${NODES} nodes, ${PODS} pods, churn ${CHURN} object changes/s, Node ${
      process.version
    }${gc ? '' : ' (run with --expose-gc for heap numbers)'}`,
  );
  const loadAtStart = os
    .loadavg()
    .map(l => l.toFixed(1))
    .join(' ');
  const demo = await startDemo();
  const cluster: ClusterDetails = {
    name: CLUSTER,
    url: demo.url,
    skipTLSVerify: true,
    authMetadata: {
      'kubernetes.io/auth-provider': 'serviceAccount',
      serviceAccountToken: TOKEN,
    },
  };
  const reader = new KubernetesClient({
    cluster,
    credential: { type: 'bearer token', token: TOKEN },
    timeoutMs: 120_000,
    pageSize: PAGE_SIZE,
  });
  try {
    // the floor, after a warm-up (JIT, the API server's JSON caches)
    await listAndParse(reader);
    const bare: number[] = [];
    let objects = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      objects = await listAndParse(reader);
      bare.push(performance.now() - start);
    }

    // the watch cache alone: its heap against the JSON of what it keeps
    const before = heap();
    const informer = new ClusterInformer({
      cluster: CLUSTER,
      reader,
      logger,
      onChange: () => {},
    });
    await informer.start();
    const cacheHeap = heap() - before;
    await informer.stop();
    // the JSON size of the fields it keeps
    let kept = 0;
    for (const list of Object.values(informer.objects())) {
      for (const o of list) kept += JSON.stringify(o).length;
    }

    // --- live: list once, then watch
    let signals = 0;
    let onSignal = () => {};
    const live = newService(cluster, true, () => {
      signals++;
      onSignal();
    });
    const liveHeapBefore = heap();
    let start = performance.now();
    live.poller.watchAll();
    while (live.reader.listClusters()[0].state !== 'ok') {
      if (live.reader.listClusters()[0].state === 'error') {
        throw new Error(
          `live sync failed: ${live.reader.listClusters()[0].error}`,
        );
      }
      await sleep(5);
    }
    const liveSyncMs = performance.now() - start;
    await sleep(3000);
    const liveHeap = heap() - liveHeapBefore;
    const liveApi = await readApi(live.reader);
    const signals0 = signals;
    const events0 = live.poller.watchStats(CLUSTER)!.events;
    let cpu0 = cpuMs();
    start = performance.now();
    await sleep(CPU_SECONDS * 1000);
    const liveCpu = (cpuMs() - cpu0) / (performance.now() - start);
    const windowEvents = live.poller.watchStats(CLUSTER)!.events - events0;
    const windowSignals = signals - signals0;
    // one recompute after changes (finish + changed rows serialized)
    const recomputeMs = live.reader.listClusters()[0].refreshDurationMs;
    // one page open: it refetches summary and node table on each signal, at most once a second
    let lastFetch = 0;
    let pageFetches = 0;
    onSignal = () => {
      if (performance.now() - lastFetch < 1000) return;
      lastFetch = performance.now();
      pageFetches++;
      void liveApi.pageRefetch();
    };
    // the page opens: it reads the cluster once, then on signals
    await liveApi.pageRefetch();
    cpu0 = cpuMs();
    start = performance.now();
    await sleep(CPU_SECONDS * 1000);
    const livePageCpu = (cpuMs() - cpu0) / (performance.now() - start);
    onSignal = () => {};
    const liveFresh: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      liveFresh.push(await probe(demo.url, liveApi, 50, 30_000));
      await sleep(300);
    }
    liveApi.close();
    const liveStats = live.poller.watchStats(CLUSTER)!;
    await live.poller.stopWatching();

    // --- today: a full list every RELIST_SECONDS
    const relist = newService(cluster, false);
    const relistHeapBefore = heap();
    const relistCpu0 = cpuMs();
    start = performance.now();
    await relist.poller.refresh(CLUSTER);
    const relistMs = performance.now() - start;
    const relistCpuMs = cpuMs() - relistCpu0;
    const relistHeap = heap() - relistHeapBefore;
    const relistApi = await readApi(relist.reader);
    const timer = setInterval(
      () => void relist.poller.refresh(CLUSTER),
      RELIST_SECONDS * 1000,
    );
    const relistProbes = Math.max(3, Math.round(RELIST_SECONDS / 10));
    // the churn's consolidations may remove a new (empty) node before the
    // next relist sees it: such probes are counted, not waited for
    let relistLost = 0;
    const relistFresh = (
      await Promise.all(
        Array.from({ length: relistProbes }, async (_, i) => {
          await sleep((i * RELIST_SECONDS * 1000) / relistProbes);
          return probe(
            demo.url,
            relistApi,
            200,
            RELIST_SECONDS * 2000 + 60_000,
          ).catch(() => {
            relistLost++;
            return undefined;
          });
        }),
      )
    ).filter((ms): ms is number => ms !== undefined);
    if (relistFresh.length === 0) relistFresh.push(NaN);
    clearInterval(timer);
    relistApi.close();

    const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const rows: Array<[string, string, string, string]> = [
      [
        'freshness p50 / p99 (node added -> read API)',
        `${f(median(liveFresh))} / ${f(pct(liveFresh, 99))}`,
        `${f(median(relistFresh))} / ${f(pct(relistFresh, 99))}`,
        'p99 <= 2 s',
      ],
      [
        'steady-state CPU of one core',
        `${(liveCpu * 100).toFixed(2)} %`,
        `${((relistCpuMs / (RELIST_SECONDS * 1000)) * 100).toFixed(
          2,
        )} % (${relistCpuMs.toFixed(0)} ms per ${RELIST_SECONDS} s)`,
        '<= 3 %',
      ],
      [
        'CPU with one page open (refetch on signal, <= 1/s)',
        `${(livePageCpu * 100).toFixed(2)} %`,
        'same as above (the page polls every 30 s)',
        '',
      ],
      [
        'initial sync ÷ bare list+parse',
        `${(liveSyncMs / median(bare)).toFixed(2)}x (${liveSyncMs.toFixed(
          0,
        )} ms)`,
        `${(relistMs / median(bare)).toFixed(2)}x (${relistMs.toFixed(0)} ms)`,
        '<= 1.5x',
      ],
      [
        'heap of the kept objects ÷ their JSON',
        `${(cacheHeap / kept).toFixed(2)}x (${mib(cacheHeap)} / ${mib(kept)})`,
        'nothing kept between lists',
        '<= 1.5x',
      ],
      [
        'heap growth of the service after sync',
        mib(liveHeap),
        mib(relistHeap),
        '',
      ],
    ];
    console.log(
      `\nbare list+parse of ${objects} objects: median ${median(bare).toFixed(
        0,
      )} ms [${bare.map(x => x.toFixed(0)).join(', ')}]`,
    );
    console.log(
      `CPU window ${CPU_SECONDS} s: ${(windowEvents / CPU_SECONDS).toFixed(
        1,
      )} watch events/s received, ${(windowSignals / CPU_SECONDS).toFixed(
        1,
      )} signals/s; with a page open ${pageFetches} refetches of summary + node table; watch totals ${JSON.stringify(
        liveStats,
      )}`,
    );
    console.log(
      `last live recompute: ${recomputeMs} ms; load average ${os
        .loadavg()
        .map(l => l.toFixed(1))
        .join(' ')} at the end (${loadAtStart} at the start)`,
    );
    console.log(
      `probes: ${PROBES} live (poll 50 ms), ${relistProbes} relist (poll 200 ms; ${relistLost} not served: removed by the churn before a relist)\n`,
    );
    const widths = [46, 26, 34, 10];
    const line = (cells: string[]) =>
      cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
    console.log(
      line(['', 'watch (live)', `relist every ${RELIST_SECONDS} s`, 'goal']),
    );
    console.log(widths.map(w => '-'.repeat(w)).join('-|-'));
    for (const r of rows) console.log(line(r));
  } finally {
    demo.child.kill();
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
