import autocannon from 'autocannon';
import { groupCpuSeconds } from './cpu';
import { BenchRoute } from './routes';
import { Target } from './targets';

/** One row of the table: a route loaded by N clients for a fixed time. */
export type LoadResult = {
  target: string;
  route: string;
  clients: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx responses. */
  errors: number;
  /** Backend CPU over the run, in % of one core (200 % = both cores here). */
  cpuPercent: number;
  /** Each client sent one request per this many seconds (unset: back to back). */
  paceSeconds?: number;
};

function headersFor(target: Target, route: BenchRoute) {
  return {
    ...(route.anonymous ? {} : { authorization: `Bearer ${target.token}` }),
    ...route.headers,
  };
}

/**
 * Loads one route with `clients` concurrent connections for `seconds`: back
 * to back (each client sends its next request as soon as the last one is
 * answered, so the backend is saturated by design), or paced (each client one
 * request per `paceSeconds`, like a person whose page reloads its data).
 */
export async function loadRoute(
  target: Target,
  route: BenchRoute,
  clients: number,
  seconds: number,
  paceSeconds?: number,
): Promise<LoadResult> {
  const cpuBefore = groupCpuSeconds(target.pgid);
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: `${target.base}${route.path}`,
    connections: clients,
    duration: seconds,
    headers: headersFor(target, route),
    timeout: 10,
    ...(paceSeconds
      ? { overallRate: Math.max(1, Math.round(clients / paceSeconds)) }
      : {}),
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = groupCpuSeconds(target.pgid) - cpuBefore;
  return {
    target: target.name,
    route: `GET ${route.path}`,
    clients,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuPercent: (cpuSeconds / wallSeconds) * 100,
    paceSeconds,
  };
}

/**
 * Background load over every route at once (each connection cycles through
 * them), for the page measurements; stop() ends it and returns its totals.
 */
export function backgroundLoad(
  target: Target,
  routes: BenchRoute[],
  clients: number,
) {
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: target.base,
      connections: clients,
      duration: 600,
      timeout: 10,
      requests: routes.map(route => ({
        method: 'GET' as const,
        path: route.path,
        headers: headersFor(target, route),
      })),
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  return {
    async stop() {
      instance.stop();
      const result = await done;
      return {
        requestsPerSecond: result.requests.average,
        p99Ms: result.latency.p99,
        errors: result.errors + result.non2xx,
      };
    },
  };
}

/**
 * Requests every route until all answer 2xx (data in, caches filled), with a
 * new token each round until then.
 */
export async function warmUp(
  target: Target,
  routes: BenchRoute[],
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  let pending = routes;
  while (pending.length && Date.now() < deadline) {
    const statuses = await Promise.all(
      pending.map(route =>
        fetch(`${target.base}${route.path}`, {
          headers: headersFor(target, route),
        })
          .then(async res => {
            await res.arrayBuffer();
            return res.status;
          })
          .catch(() => 0),
      ),
    );
    pending = pending.filter((_, i) => statuses[i] < 200 || statuses[i] > 299);
    if (pending.length) {
      await new Promise(r => setTimeout(r, 1000));
      target.token = await target.newToken();
    }
  }
  return pending;
}

/**
 * Waits until the backend's start-up work (catalog ingestion, search
 * collation, TechDocs builds, the cost backfill) is over: the backend's CPU
 * under 20 % of a core for 5 s in a row, or `timeoutMs`. Returns the wait.
 */
export async function settle(target: Target, timeoutMs: number) {
  const started = Date.now();
  let quietSince: number | undefined;
  let last = groupCpuSeconds(target.pgid);
  while (Date.now() - started < timeoutMs) {
    await new Promise(r => setTimeout(r, 1000));
    const now = groupCpuSeconds(target.pgid);
    const busy = now - last > 0.2;
    last = now;
    if (busy) quietSince = undefined;
    else quietSince ??= Date.now();
    if (quietSince && Date.now() - quietSince >= 5000) break;
  }
  return Date.now() - started;
}
