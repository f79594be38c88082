import { DemoClusterModel } from './model';
import { DemoClusterServer, startDemoClusterServer } from './server';
import { DEFAULT_SERVICES } from './catalog';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const auth = { Authorization: 'Bearer demo-cluster-token' };

function model(nodes = 60) {
  return new DemoClusterModel({
    name: 'test',
    nodes,
    seed: 7,
    services: DEFAULT_SERVICES,
    now: () => NOW,
  });
}

describe('demo cluster API', () => {
  let server: DemoClusterServer;

  beforeEach(async () => {
    server = await startDemoClusterServer({ model: model() });
  });

  afterEach(async () => {
    await server.close();
  });

  async function get(path: string, headers: Record<string, string> = auth) {
    const res = await fetch(`${server.url}${path}`, { headers });
    return { status: res.status, body: await res.json() };
  }

  async function listAll(path: string, limit: number) {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const { status, body } = await get(
        `${path}${sep}limit=${limit}${
          token ? `&continue=${encodeURIComponent(token)}` : ''
        }`,
      );
      expect(status).toBe(200);
      names.push(
        ...body.items.map(
          (i: any) => `${i.metadata.namespace ?? ''}/${i.metadata.name}`,
        ),
      );
      token = body.metadata.continue || undefined;
      pages++;
      // the model churns between pages; the list must stay consistent
      server.model.churn();
    } while (token);
    return { names, pages };
  }

  it('pages through a consistent snapshot with limit/continue', async () => {
    const full = await get('/api/v1/pods');
    const expected = full.body.items.map(
      (i: any) => `${i.metadata.namespace}/${i.metadata.name}`,
    );
    expect(expected.length).toBeGreaterThan(500);
    expect(full.body.metadata.continue).toBeUndefined();

    const { names, pages } = await listAll('/api/v1/pods', 100);
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect(names).toEqual(expected);
    expect(new Set(names).size).toBe(names.length);

    // after the churn, a fresh list sees the changed cluster
    const after = await get('/api/v1/pods');
    expect(Number(after.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(full.body.metadata.resourceVersion),
    );
  });

  it('reports remainingItemCount and rejects a bad continue token', async () => {
    const first = await get('/api/v1/nodes?limit=10');
    expect(first.body.kind).toBe('NodeList');
    expect(first.body.items).toHaveLength(10);
    expect(first.body.metadata.remainingItemCount).toBe(50);
    const bad = await get('/api/v1/nodes?limit=10&continue=not-a-token');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      code: 400,
    });
    const badLimit = await get('/api/v1/nodes?limit=-3');
    expect(badLimit.status).toBe(400);
  });

  it('answers 401 for a missing or wrong token and 403 for a token without rights', async () => {
    expect((await get('/api/v1/nodes', {})).status).toBe(401);
    const wrong = await get('/api/v1/nodes', { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
    });

    const none = await get('/api/v1/nodes', {
      Authorization: 'Bearer demo-no-rights-token',
    });
    expect(none.status).toBe(403);
    expect(none.body.reason).toBe('Forbidden');
    expect(none.body.message).toContain('cannot list resource "nodes"');

    const coreOnly = { Authorization: 'Bearer demo-core-only-token' };
    expect((await get('/api/v1/nodes', coreOnly)).status).toBe(200);
    expect(
      (await get('/apis/karpenter.sh/v1/nodeclaims', coreOnly)).status,
    ).toBe(403);
  });

  it('filters by label selector, field selector and namespace', async () => {
    const dice = await get(
      `/api/v1/pods?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id=game-dice',
      )}`,
    );
    expect(dice.body.items.length).toBeGreaterThan(0);
    for (const pod of dice.body.items) {
      expect(pod.metadata.labels['backstage.io/kubernetes-id']).toBe(
        'game-dice',
      );
    }
    const ns = dice.body.items[0].metadata.namespace;
    const inNs = await get(
      `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id in (game-dice,nothing)',
      )}`,
    );
    expect(inNs.body.items).toHaveLength(dice.body.items.length);
    const elsewhere = await get(
      `/api/v1/namespaces/kube-system/pods?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id=game-dice',
      )}`,
    );
    expect(elsewhere.body.items).toHaveLength(0);

    const arm = await get(
      `/api/v1/nodes?labelSelector=${encodeURIComponent(
        'kubernetes.io/arch=arm64,karpenter.sh/capacity-type=spot',
      )}`,
    );
    expect(arm.body.items.length).toBeGreaterThan(0);
    for (const n of arm.body.items) {
      expect(n.metadata.labels['kubernetes.io/arch']).toBe('arm64');
      expect(n.metadata.labels['karpenter.sh/capacity-type']).toBe('spot');
    }

    const node = arm.body.items[0].metadata.name;
    const onNode = await get(
      `/api/v1/pods?fieldSelector=${encodeURIComponent(
        `spec.nodeName=${node}`,
      )}`,
    );
    expect(onNode.body.items.length).toBeGreaterThanOrEqual(3);
    expect(onNode.body.items.every((p: any) => p.spec.nodeName === node)).toBe(
      true,
    );

    const broken = await get(
      `/api/v1/pods?labelSelector=${encodeURIComponent('a in b')}`,
    );
    expect(broken.status).toBe(400);
    const unsupported = await get('/api/v1/pods?fieldSelector=spec.foo%3Dbar');
    expect(unsupported.status).toBe(400);
  });

  it('serves discovery, Karpenter resources and the stock plugin resources', async () => {
    expect((await get('/version', {})).body.gitVersion).toMatch(/demo/);
    const groups = await get('/apis');
    expect(groups.body.groups.map((g: any) => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'karpenter.sh',
        'karpenter.k8s.aws',
        'policy',
      ]),
    );
    const pools = await get('/apis/karpenter.sh/v1/nodepools');
    expect(pools.body.kind).toBe('NodePoolList');
    expect(pools.body.items.map((p: any) => p.metadata.name)).toEqual([
      'graviton',
      'x86',
    ]);
    const claims = await get('/apis/karpenter.sh/v1/nodeclaims');
    expect(claims.body.items.length).toBe(58); // every node except the two bootstrap nodes
    expect(
      (await get('/apis/karpenter.k8s.aws/v1/ec2nodeclasses')).body.items
        .length,
    ).toBe(1);
    expect(
      (await get('/apis/policy/v1/poddisruptionbudgets')).body.items.length,
    ).toBe(2);
    for (const path of [
      '/apis/batch/v1/cronjobs',
      '/apis/autoscaling/v2/horizontalpodautoscalers',
      '/apis/networking.k8s.io/v1/namespaces/x/ingresses',
      '/api/v1/configmaps',
    ]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    const deploy = await get(
      `/apis/apps/v1/deployments?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id=example-api',
      )}`,
    );
    expect(deploy.body.items).toHaveLength(1);
    expect((await get('/apis/nope/v1/things')).status).toBe(404);
    const one = await get(
      `/api/v1/nodes/${
        pools.body.items.length
          ? (
              await get('/api/v1/nodes?limit=1')
            ).body.items[0].metadata.name
          : 'x'
      }`,
    );
    expect(one.body.kind).toBe('Node');
    expect((await get('/api/v1/nodes/missing')).status).toBe(404);
  });
});

describe('DemoClusterModel', () => {
  it('is deterministic for a seed', () => {
    const a = model(40).current();
    const b = model(40).current();
    expect(JSON.stringify([...a.collections])).toEqual(
      JSON.stringify([...b.collections]),
    );
  });

  it('churns nodes and pods but keeps the catalog services running', () => {
    const m = model(100);
    const before = m
      .current()
      .collections.get('core/nodes')!
      .map(n => n.metadata.name);
    const replicas = (s: any) =>
      s.collections
        .get('core/pods')!
        .filter(
          (p: any) =>
            p.metadata.labels['backstage.io/kubernetes-id'] === 'game-dice',
        ).length;
    const diceBefore = replicas(m.current());
    for (let i = 0; i < 5; i++) m.churn();
    const after = m
      .current()
      .collections.get('core/nodes')!
      .map(n => n.metadata.name);
    expect(after.filter(n => !before.includes(n)).length).toBeGreaterThan(0);
    expect(replicas(m.current())).toBe(diceBefore);
  });

  it('has the cases on-call asks about', () => {
    const s = model(300).current();
    const claims = s.collections.get('karpenter.sh/nodeclaims')!;
    const pods = s.collections.get('core/pods')!;
    expect(
      claims.some(c =>
        c.status.conditions.some((x: any) => x.type === 'Drifted'),
      ),
    ).toBe(true);
    expect(
      claims.some(
        c => !c.status.conditions.some((x: any) => x.type === 'Consolidatable'),
      ),
    ).toBe(true);
    expect(
      pods.some(
        p => p.metadata.annotations?.['karpenter.sh/do-not-disrupt'] === 'true',
      ),
    ).toBe(true);
    const pdb = s.collections
      .get('policy/poddisruptionbudgets')!
      .find(p => p.metadata.name === 'chain-listener')!;
    expect(pdb.status.disruptionsAllowed).toBe(0);
    expect(pods.length).toBeGreaterThan(5000);
  });
});
