import { K8sObject } from './model';
import { Random } from './random';

/**
 * The kubelet rotates a container's log at 10 MiB, so a long-running pod's
 * log starts some time after the container did: keep at most this many lines.
 */
export const MAX_LOG_LINES = 5000;

/** What `GET .../pods/{name}/log` was asked for, already validated. */
export interface PodLogQuery {
  container: string;
  /** Only the last n lines. */
  tailLines?: number;
  /** Only lines newer than this many seconds. */
  sinceSeconds?: number;
  /** Prefix each line with its RFC 3339 timestamp, like the kubelet. */
  timestamps?: boolean;
}

function hash(text: string): number {
  // FNV-1a: a stable seed per pod and container
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const ROUTES: Record<string, string[]> = {
  gaming: ['/v1/rounds', '/v1/bets', '/v1/games', '/v1/seeds/active'],
  wallet: ['/v1/balances', '/v1/transfers', '/v1/ledger'],
  chain: ['/v1/blocks/latest', '/v1/tx', '/v1/receipts'],
  default: ['/v1/items', '/v1/status'],
};

function routesFor(service: string): string[] {
  if (service.includes('wallet') || service.includes('payout')) {
    return ROUTES.wallet;
  }
  if (service.startsWith('chain')) return ROUTES.chain;
  if (service.startsWith('game') || service.includes('gaming')) {
    return ROUTES.gaming;
  }
  return ROUTES.default;
}

/** One line a Go service logs with log/slog's JSON handler. */
function serviceLine(rng: Random, at: string, service: string): string {
  const roll = rng.next();
  if (roll < 0.04) {
    return JSON.stringify({
      time: at,
      level: 'WARN',
      msg: 'slow upstream',
      service,
      upstream: rng.pick(['postgres', 'redis', 'chain-gateway']),
      duration_ms: rng.int(250, 1800),
    });
  }
  if (roll < 0.1) {
    return JSON.stringify({
      time: at,
      level: 'DEBUG',
      msg: 'health check',
      service,
      path: '/healthz',
      status: 200,
    });
  }
  const method = rng.weighted([
    ['GET', 7],
    ['POST', 3],
  ] as const);
  const status = rng.weighted([
    [200, 90],
    [201, method === 'POST' ? 6 : 0],
    [404, 2],
    [409, 1],
    [500, 0.5],
  ] as const);
  return JSON.stringify({
    time: at,
    level: status >= 500 ? 'ERROR' : 'INFO',
    msg: 'request',
    service,
    method,
    path: rng.pick(routesFor(service)),
    status,
    duration_ms: Math.round(rng.next() * 400 + 4) / 10,
    bytes: rng.int(90, 4200),
    trace_id: rng.hex(32),
  });
}

/** One line of an EKS add-on (klog's text format). */
function systemLine(rng: Random, date: Date, container: string): string {
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const time = date.toISOString().slice(11, 23).replace('Z', '');
  const messages: Record<string, string[]> = {
    'kube-proxy': [
      'proxier.go:805] "Syncing iptables rules"',
      'proxier.go:1504] "Reloading service iptables data" numServices=14 numEndpoints=31',
      'proxier.go:799] "SyncProxyRules complete" elapsed="18.2ms"',
    ],
    'aws-node': [
      'ipamd.go:612] "IP pool stats" total=27 used=9 available=18',
      'ipamd.go:1210] "Reconciling ENI/IP pool info"',
      'datastore.go:511] "AssignPodIPv4Address: IP address pool stats"',
    ],
    'ebs-csi-node': [
      'node.go:455] "NodeGetCapabilities: called"',
      'node.go:611] "NodeGetVolumeStats: called"',
    ],
  };
  const pick = rng.pick(
    messages[container] ?? ['main.go:88] "Heartbeat" healthy=true'],
  );
  return `I${mm}${dd} ${time}000       1 ${pick}`;
}

/**
 * A container's log as the kubelet would return it: deterministic per pod
 * and container (the same lines on every read), one line every few seconds
 * from the container's start until `now`. Application pods log JSON
 * (log/slog), the EKS add-ons klog text.
 */
export function podLogLines(
  pod: K8sObject,
  query: PodLogQuery,
  now: number,
): string[] {
  const statuses = ((pod.status as any)?.containerStatuses ?? []) as any[];
  const status = statuses.find(s => s.name === query.container);
  const startedAt = Date.parse(
    status?.state?.running?.startedAt ??
      (pod.status as any)?.startTime ??
      pod.metadata.creationTimestamp,
  );
  const seed = hash(`${pod.metadata.name}/${query.container}`);
  const intervalMs = 2_000 + (seed % 8) * 1_000;
  const total = Math.max(0, Math.floor((now - startedAt) / intervalMs));
  let first = Math.max(0, total - MAX_LOG_LINES);
  if (query.sinceSeconds !== undefined) {
    const since = now - query.sinceSeconds * 1000;
    first = Math.max(first, Math.ceil((since - startedAt) / intervalMs));
  }
  if (query.tailLines !== undefined) {
    first = Math.max(first, total - query.tailLines);
  }
  const isService = Boolean(
    pod.metadata.labels?.['backstage.io/kubernetes-id'],
  );
  const service =
    pod.metadata.labels?.['backstage.io/kubernetes-id'] ?? query.container;
  const lines: string[] = [];
  for (let i = first; i < total; i++) {
    const rng = new Random((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
    const date = new Date(startedAt + i * intervalMs + rng.int(0, 999));
    const at = date.toISOString();
    const line = isService
      ? serviceLine(rng, at, service)
      : systemLine(rng, date, query.container);
    lines.push(query.timestamps ? `${at} ${line}` : line);
  }
  return lines;
}
