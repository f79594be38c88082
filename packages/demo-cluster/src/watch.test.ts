import http from 'node:http';
import { DEFAULT_SERVICES } from './catalog';
import { DemoClusterModel } from './model';
import { DemoClusterServer, startDemoClusterServer } from './server';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const TOKEN = 'demo-cluster-token';

function model() {
  return new DemoClusterModel({
    name: 'watch',
    nodes: 30,
    seed: 5,
    services: DEFAULT_SERVICES,
    now: () => NOW,
  });
}

/** Opens a watch and collects its newline-delimited events until closed. */
function watch(server: DemoClusterServer, path: string, token = TOKEN) {
  const events: any[] = [];
  let status = 0;
  let headers: http.IncomingHttpHeaders = {};
  let request!: http.ClientRequest;
  const ended = new Promise<void>((resolve, reject) => {
    request = http.get(
      `${server.url}${path}`,
      { headers: { Authorization: `Bearer ${token}` } },
      res => {
        status = res.statusCode ?? 0;
        headers = res.headers;
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const line of lines) events.push(JSON.parse(line));
        });
        res.on('end', () => {
          if (buffer.trim()) events.push(JSON.parse(buffer));
          resolve();
        });
        res.on('error', reject);
      },
    );
    request.on('error', e => {
      if ((e as any).code !== 'ECONNRESET') reject(e);
      else resolve();
    });
  });
  return {
    events,
    ended,
    status: () => status,
    headers: () => headers,
    close: () => request.destroy(),
  };
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 20));
  }
}

async function list(server: DemoClusterServer, path: string) {
  const res = await fetch(`${server.url}${path}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return res.json() as Promise<any>;
}

describe('demo cluster watch', () => {
  let server: DemoClusterServer;

  afterEach(async () => {
    await server.close();
  });

  it('streams a node added after the list as ADDED, from the list resourceVersion', async () => {
    server = await startDemoClusterServer({ model: model() });
    const listed = await list(server, '/api/v1/nodes');
    const rv = listed.metadata.resourceVersion;
    const w = watch(
      server,
      `/api/v1/nodes?watch=1&resourceVersion=${rv}&timeoutSeconds=2`,
    );
    await until(() => w.status() === 200);
    expect(w.headers()['content-type']).toBe('application/json');
    expect(w.headers()['transfer-encoding']).toBe('chunked');
    const { nodesAdded, resourceVersion } = server.change(['scale-up']);
    await w.ended;
    const added = w.events.filter(e => e.type === 'ADDED');
    expect(added.map(e => e.object.metadata.name)).toEqual(nodesAdded);
    expect(added[0].object.kind).toBe('Node');
    // versions are cluster-wide and grow; the list is older than the change
    const objRv = Number(added[0].object.metadata.resourceVersion);
    expect(objRv).toBeGreaterThan(Number(rv));
    expect(objRv).toBeLessThanOrEqual(resourceVersion);
    // nothing from before the list
    expect(
      w.events.some(e =>
        listed.items.some(
          (i: any) =>
            i.metadata.name === e.object.metadata.name && e.type === 'ADDED',
        ),
      ),
    ).toBe(false);
  });

  it('starts with the current objects as ADDED without a resourceVersion, and filters by field selector', async () => {
    server = await startDemoClusterServer({ model: model() });
    const node = (await list(server, '/api/v1/nodes')).items[0].metadata.name;
    const pods = await list(
      server,
      `/api/v1/pods?fieldSelector=spec.nodeName%3D${node}`,
    );
    const w = watch(
      server,
      `/api/v1/pods?watch=true&fieldSelector=spec.nodeName%3D${node}&timeoutSeconds=1`,
    );
    await w.ended;
    expect(w.events.map(e => e.object.metadata.name).sort()).toEqual(
      pods.items.map((p: any) => p.metadata.name).sort(),
    );
    expect(new Set(w.events.map(e => e.type))).toEqual(new Set(['ADDED']));
  });

  it('sends DELETED for a reclaimed spot node and MODIFIED for its NodePool', async () => {
    server = await startDemoClusterServer({ model: model() });
    const rv = (await list(server, '/api/v1/nodes')).metadata.resourceVersion;
    const nodes = watch(
      server,
      `/api/v1/nodes?watch=1&resourceVersion=${rv}&timeoutSeconds=2`,
    );
    const pools = watch(
      server,
      `/apis/karpenter.sh/v1/nodepools?watch=1&resourceVersion=${rv}&timeoutSeconds=2`,
    );
    await until(() => nodes.status() === 200 && pools.status() === 200);
    const { nodesRemoved } = server.change(['spot-interruption']);
    await Promise.all([nodes.ended, pools.ended]);
    expect(nodesRemoved).toHaveLength(1);
    expect(nodes.events).toEqual([
      expect.objectContaining({
        type: 'DELETED',
        object: expect.objectContaining({
          metadata: expect.objectContaining({ name: nodesRemoved[0] }),
        }),
      }),
    ]);
    expect(pools.events.map(e => e.type)).toContain('MODIFIED');
    expect(pools.events[0].object.kind).toBe('NodePool');
  });

  it('resumes from a resourceVersion within the history and sends BOOKMARKs', async () => {
    server = await startDemoClusterServer({
      model: model(),
      bookmarkIntervalMs: 100,
    });
    const rv = (await list(server, '/api/v1/nodes')).metadata.resourceVersion;
    const first = server.change(['scale-up']);
    const second = server.change(['scale-up']);
    const w = watch(
      server,
      `/api/v1/nodes?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=1`,
    );
    await w.ended;
    const added = w.events.filter(e => e.type === 'ADDED');
    expect(added.map(e => e.object.metadata.name)).toEqual([
      ...first.nodesAdded,
      ...second.nodesAdded,
    ]);
    const bookmarks = w.events.filter(e => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThanOrEqual(3);
    expect(bookmarks[0].object).toEqual({
      kind: 'Node',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(second.resourceVersion) },
    });
  });

  it('answers a resourceVersion older than the history with a 410 Expired ERROR event', async () => {
    server = await startDemoClusterServer({
      model: model(),
      watchRetentionMs: 0,
    });
    const rv = (await list(server, '/api/v1/nodes')).metadata.resourceVersion;
    server.change(['scale-up']);
    server.change(['scale-up']);
    const w = watch(server, `/api/v1/nodes?watch=1&resourceVersion=${rv}`);
    await w.ended;
    expect(w.status()).toBe(200);
    expect(w.events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({
          kind: 'Status',
          status: 'Failure',
          reason: 'Expired',
          code: 410,
          message: expect.stringMatching(
            /^too old resource version: \d+ \(\d+\)$/,
          ),
        }),
      },
    ]);
  });

  it('refuses bad watch parameters with a 400 Status and watches with a bad token with 401', async () => {
    server = await startDemoClusterServer({ model: model() });
    const bad = watch(server, '/api/v1/nodes?watch=1&resourceVersion=abc');
    await bad.ended;
    expect(bad.status()).toBe(400);
    expect(bad.events[0]).toMatchObject({
      kind: 'Status',
      code: 400,
      message: expect.stringContaining('invalid resource version'),
    });
    const anon = watch(server, '/api/v1/nodes?watch=1', 'nope');
    await anon.ended;
    expect(anon.status()).toBe(401);
    const res = await fetch(`${server.url}/demo/changes?kind=scale-up`, {
      method: 'POST',
      headers: { Authorization: 'Bearer demo-core-only-token' },
    });
    expect(res.status).toBe(403);
    const unknown = await fetch(`${server.url}/demo/changes?kind=meteor`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(unknown.status).toBe(400);
    expect(server.model.current().collections.get('core/nodes')).toHaveLength(
      (await list(server, '/api/v1/nodes')).items.length,
    );
  });

  it('churns at about the configured rate of object changes', async () => {
    server = await startDemoClusterServer({
      model: model(),
      churnPerSecond: 40,
    });
    const rv = (await list(server, '/api/v1/pods')).metadata.resourceVersion;
    const w = watch(
      server,
      `/api/v1/pods?watch=1&resourceVersion=${rv}&timeoutSeconds=2`,
    );
    await w.ended;
    // pods are most of the changes; 2 s at 40/s is ~80 changes in all
    expect(w.events.length).toBeGreaterThan(20);
    expect(w.events.length).toBeLessThan(200);
    expect(new Set(w.events.map(e => e.type))).toEqual(
      new Set(['ADDED', 'DELETED']),
    );
  });
});
