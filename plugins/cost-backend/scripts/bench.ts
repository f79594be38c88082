/*
 * Cost benchmark (run on demand, prints numbers):
 *
 *   yarn workspace @internal/plugin-cost-backend bench
 *   BENCH_NODES=5000 BENCH_PODS=100000 BENCH_HOURS=24 BENCH_PG=postgresql://postgres@127.0.0.1:5432 ...
 *
 * 1. Allocates a day (24 hourly samples, churning between them) of the demo
 *    cluster model at benchmark size: time per hour and for the day, peak memory.
 * 2. The Cost page's team query over 90 days × 200 services (SQLite, and
 *    PostgreSQL when BENCH_PG is set): p50/p99 of the team view and the 90-day summary.
 */
import { DEFAULT_SERVICES, DemoClusterModel } from '@internal/demo-cluster';
import {
  AWS_ON_DEMAND_PRICES,
  AWS_SPOT_PRICING,
  PLATFORM_REGION,
  sumMicros,
} from '@internal/pricing';
import { CostAllocator } from '@internal/plugin-cost-node';
import { KubeObject } from '@internal/plugin-node-mix-common';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { DatabaseCostStore } from '../src/database/DatabaseCostStore';
import { CostRow } from '../src/database/CostStore';
import { CostReader } from '../src/service/CostReader';
import { readCostConfig } from '../src/config';

const int = (name: string, fallback: number) =>
  Number(process.env[name] ?? fallback);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const timer = setInterval(sample, 20);

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function allocationBench() {
  const nodes = int('BENCH_NODES', 5000);
  const pods = int('BENCH_PODS', 100_000);
  const hours = int('BENCH_HOURS', 24);
  const nodeMix = {
    priceTable: AWS_ON_DEMAND_PRICES,
    spot: { ...AWS_SPOT_PRICING, defaultDiscount: 0.6 },
    defaultRegion: PLATFORM_REGION,
  };
  const owners = new Map(
    DEFAULT_SERVICES.map((s, i) => [
      s.kubernetesId,
      `group:default/team-${i % 5}`,
    ]),
  );
  let clock = Date.parse('2026-11-26T00:00:00Z');
  let t = performance.now();
  const model = new DemoClusterModel({
    name: 'bench',
    nodes,
    pods,
    seed: 1,
    services: DEFAULT_SERVICES,
    now: () => clock,
  });
  console.log(
    `model: ${nodes} nodes / ${pods} pods generated in ${(
      performance.now() - t
    ).toFixed(0)} ms`,
  );
  (global as any).gc?.();
  sample();
  const baseRss = process.memoryUsage().rss;
  peakRss = baseRss;
  const perHour: number[] = [];
  let churnMs = 0;
  let billed = 0;
  let allocated = 0;
  let podCount = 0;
  for (let h = 0; h < hours; h++) {
    if (h > 0) {
      clock += 3_600_000;
      t = performance.now();
      model.churn();
      churnMs += performance.now() - t;
    }
    const state = model.current();
    t = performance.now();
    const allocator = new CostAllocator({
      ...nodeMix,
      teamOf: s => owners.get(s),
    });
    // pages of 500, as the cluster reader hands them over
    const nodeList = state.collections.get('core/nodes') as KubeObject[];
    const podList = state.collections.get('core/pods') as KubeObject[];
    for (let i = 0; i < nodeList.length; i += 500)
      allocator.addNodes(nodeList.slice(i, i + 500));
    for (let i = 0; i < podList.length; i += 500)
      allocator.addPods(podList.slice(i, i + 500));
    const result = allocator.finish();
    perHour.push(performance.now() - t);
    sample();
    billed += result.nodeBill;
    allocated += sumMicros(result.rows.map(r => r.amount));
    podCount = result.pods;
  }
  const total = perHour.reduce((a, b) => a + b, 0);
  console.log(
    `allocation: ${hours} hours of ${nodes} nodes / ${podCount} scheduled pods in ${total.toFixed(
      0,
    )} ms ` +
      `(per hour p50 ${percentile(perHour, 50).toFixed(0)} ms, max ${Math.max(
        ...perHour,
      ).toFixed(0)} ms; model churn ${churnMs.toFixed(0)} ms not counted)`,
  );
  console.log(
    `allocation memory: peak RSS ${mb(peakRss)} (${mb(
      peakRss - baseRss,
    )} above the loaded model), peak heap ${mb(peakHeap)}`,
  );
  console.log(
    `exactness: allocated ${allocated} micros of ${billed} billed -> ${
      allocated === billed ? 'equal' : 'DIFFERENT'
    }`,
  );
}

async function queryBench(name: string, knex: Knex) {
  const store = await DatabaseCostStore.create({
    database: mockServices.database({ knex }),
  });
  const services = 200;
  const days = 90;
  const now = Date.parse('2026-11-27T12:00:00Z');
  const day = (i: number) =>
    new Date(now - i * 86_400_000).toISOString().slice(0, 10);
  const dates = Array.from({ length: days + 90 }, (_, i) => day(i));
  let t = performance.now();
  for (const source of ['kubernetes', 'aws'] as const) {
    const rows: CostRow[] = [];
    for (const date of dates) {
      for (let s = 0; s < services; s++) {
        rows.push({
          date,
          source,
          cluster: source === 'kubernetes' ? `eks-${s % 3}` : '',
          team: `group:default/team-${s % 5}`,
          service: `service-${s}`,
          amount: 1_000_000 + ((s * 7919 + date.charCodeAt(9)) % 5_000_000),
          currency: 'USD',
          demo: false,
        });
      }
    }
    await store.replaceDays(source, dates, rows);
  }
  const rowCount = dates.length * services * 2;
  console.log(
    `${name}: loaded ${rowCount} rows (${
      dates.length
    } days × ${services} services × 2 sources) in ${(
      performance.now() - t
    ).toFixed(0)} ms`,
  );
  const service = new CostReader({
    store,
    config: readCostConfig(
      new ConfigReader({ cost: { budgets: { 'team-1': '100000' } } }),
    ),
    now: () => now,
  });
  const measure = async (
    label: string,
    fn: () => Promise<unknown>,
    runs = 100,
  ) => {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    console.log(
      `${name}: ${label}: p50 ${percentile(times, 50).toFixed(
        1,
      )} ms, p99 ${percentile(times, 99).toFixed(1)} ms (${runs} runs)`,
    );
  };
  await measure('team view, 90 days (40 services of 200)', () =>
    service.entityCost(
      { team: 'group:default/team-1' },
      'group:default/team-1',
      90,
    ),
  );
  await measure(
    'Cost page summary, 90 days, all 200 services',
    () => service.summary(90),
    30,
  );
}

async function main() {
  await allocationBench();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-bench-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'cost.sqlite') },
    useNullAsDefault: true,
  });
  await queryBench('SQLite', sqlite);
  await sqlite.destroy();
  if (process.env.BENCH_PG) {
    const admin = knexFactory({
      client: 'pg',
      connection: process.env.BENCH_PG,
    });
    const db = `cost_bench_${Date.now()}`;
    await admin.raw(`CREATE DATABASE ${db}`);
    const pg = knexFactory({
      client: 'pg',
      connection: `${process.env.BENCH_PG.replace(/\/$/, '')}/${db}`,
    });
    try {
      await queryBench('PostgreSQL', pg);
    } finally {
      await pg.destroy();
      await admin.raw(`DROP DATABASE ${db}`);
      await admin.destroy();
    }
  }
  clearInterval(timer);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
