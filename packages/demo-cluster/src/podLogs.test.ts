import { DemoClusterModel } from './model';
import { DemoClusterServer, startDemoClusterServer } from './server';
import { DEFAULT_SERVICES } from './catalog';
import { MAX_LOG_LINES } from './podLogs';

const START = Date.parse('2026-11-27T12:00:00Z');
// The services' pods start with the model; read their logs a day later.
const NOW = START + 24 * 3600_000;
const auth = { Authorization: 'Bearer demo-cluster-token' };

describe('pod logs', () => {
  let server: DemoClusterServer;
  let pod: { namespace: string; name: string; container: string };
  let systemPod: { namespace: string; name: string; container: string };

  beforeEach(async () => {
    let clock = START;
    server = await startDemoClusterServer({
      model: new DemoClusterModel({
        name: 'test',
        nodes: 20,
        seed: 7,
        services: DEFAULT_SERVICES,
        now: () => clock,
      }),
    });
    clock = NOW;
    const pods = (server.model.current().collections.get('core/pods') ??
      []) as any[];
    const find = (predicate: (p: any) => boolean) => {
      const p = pods.find(predicate);
      return {
        namespace: p.metadata.namespace,
        name: p.metadata.name,
        container: p.spec.containers[0].name,
      };
    };
    pod = find(
      p => p.metadata.labels['backstage.io/kubernetes-id'] === 'game-dice',
    );
    systemPod = find(p => p.metadata.labels['k8s-app'] === 'kube-proxy');
  });

  afterEach(async () => {
    await server.close();
  });

  const logPath = (
    p: { namespace: string; name: string },
    query = '',
  ): string =>
    `/api/v1/namespaces/${p.namespace}/pods/${p.name}/log${
      query ? `?${query}` : ''
    }`;

  async function get(path: string, headers: Record<string, string> = auth) {
    const res = await fetch(`${server.url}${path}`, { headers });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      text: await res.text(),
    };
  }

  it("serves a Go service's JSON access log as text/plain, the same on every read", async () => {
    const first = await get(
      logPath(pod, `container=${pod.container}&tailLines=50`),
    );
    expect(first.status).toBe(200);
    expect(first.type).toBe('text/plain');
    const lines = first.text.trimEnd().split('\n');
    expect(lines).toHaveLength(50);
    const entries = lines.map(l => JSON.parse(l));
    for (const e of entries) {
      expect(e.service).toBe('game-dice');
      expect(['DEBUG', 'INFO', 'WARN', 'ERROR']).toContain(e.level);
      expect(Date.parse(e.time)).toBeLessThanOrEqual(NOW);
    }
    expect(entries.some(e => e.msg === 'request' && e.path)).toBe(true);
    // durations read like a logger's (one decimal), not 20.299999999999997
    for (const l of lines.filter(x => x.includes('"msg":"request"'))) {
      expect(l).toMatch(/"duration_ms":\d+(\.\d)?,/);
    }
    // oldest first, like a container log
    const times = entries.map(e => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const again = await get(
      logPath(pod, `container=${pod.container}&tailLines=50`),
    );
    expect(again.text).toBe(first.text);
  });

  it('defaults to the only container and keeps a rotated log to its last lines', async () => {
    const { status, text } = await get(logPath(pod));
    expect(status).toBe(200);
    expect(text.trimEnd().split('\n')).toHaveLength(MAX_LOG_LINES);
  });

  it('honours sinceSeconds and timestamps', async () => {
    const { status, text } = await get(
      logPath(pod, 'sinceSeconds=60&timestamps=true'),
    );
    expect(status).toBe(200);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.length).toBeLessThanOrEqual(30);
    for (const line of lines) {
      const [stamp, rest] = [line.slice(0, 24), line.slice(25)];
      expect(Date.parse(stamp)).toBeGreaterThanOrEqual(NOW - 60_000);
      expect(JSON.parse(rest).time).toBe(stamp);
    }
  });

  it('logs klog text for the EKS add-ons', async () => {
    const { status, text } = await get(logPath(systemPod, 'tailLines=5'));
    expect(status).toBe(200);
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(
        /^I\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +1 \w+\.go:\d+\] /,
      );
    }
  });

  it('answers a Status object for an unknown pod, a wrong container, a previous instance and bad numbers', async () => {
    const missing = await get(
      logPath({ namespace: pod.namespace, name: 'no-such-pod' }),
    );
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'pods "no-such-pod" not found',
    });
    // the pod exists, but in another namespace
    const elsewhere = await get(
      logPath({ namespace: 'kube-system', name: pod.name }),
    );
    expect(elsewhere.status).toBe(404);

    const wrong = await get(logPath(pod, 'container=sidecar'));
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text)).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message: `container "sidecar" is not valid for pod ${pod.name}`,
    });

    // Backstage's log dialog asks for the previous instance with `previous=`
    const previous = await get(
      logPath(pod, `container=${pod.container}&previous=`),
    );
    expect(previous.status).toBe(400);
    expect(JSON.parse(previous.text).message).toContain(
      'previous terminated container',
    );

    const notNumber = await get(logPath(pod, 'tailLines=ten'));
    expect(notNumber.status).toBe(400);
    expect(JSON.parse(notNumber.text).message).toContain('tailLines');
    const negative = await get(logPath(pod, 'sinceSeconds=-5'));
    expect(negative.status).toBe(422);
    expect(JSON.parse(negative.text).message).toContain('sinceSeconds');
  });

  it('needs a token with rights', async () => {
    expect((await get(logPath(pod), {})).status).toBe(401);
    const forbidden = await get(logPath(pod), {
      Authorization: 'Bearer demo-no-rights-token',
    });
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.text).message).toContain('"pods/log"');
  });
});
