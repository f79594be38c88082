import { DEFAULT_SERVICES } from './catalog';
import { DemoClusterModel } from './model';
import { readKarpenterManifests } from './nodePools';
import { DemoClusterServer, startDemoClusterServer } from './server';

const START = Date.parse('2026-11-25T12:00:00Z');
const auth = { Authorization: 'Bearer demo-cluster-token' };

function model(clock: { now: number }, policy?: string) {
  const karpenter = readKarpenterManifests(undefined, 'test');
  if (policy) {
    for (const pool of karpenter.nodePools) {
      pool.spec.disruption.consolidationPolicy = policy;
    }
  }
  return new DemoClusterModel({
    name: 'test',
    nodes: 120,
    seed: 11,
    services: DEFAULT_SERVICES,
    karpenter,
    now: () => clock.now,
  });
}

// Karpenter 1.14's formats (pkg/controllers/disruption/events/events.go,
// statenode.go, types.go Command.String).
const COMMAND =
  /^(Empty|Underutilized)\/[0-9a-f-]{36}: (delete|replace): nodepools=\[[a-z0-9-]+\]: \[[^\]]+\]( -> \[1 replacement\])? \(savings: \$\d+\.\d\d\)$/;
const FORMATS: Record<string, RegExp> = {
  DisruptionBlocked:
    /^(Disruption is blocked through the "karpenter\.sh\/do-not-disrupt" annotation|Pod has "karpenter\.sh\/do-not-disrupt" annotation \(Pod=[a-z0-9-]+\/[a-z0-9-]+\)|Pdb prevents pod evictions \(PodDisruptionBudget=\[[a-z0-9-]+\/chain-listener\]\))$/,
  Unconsolidatable:
    /^(Can't replace with a cheaper node|NodePool "[a-z0-9-]+" has consolidation policy WhenEmpty, but node is not empty)$/,
  ConsolidationCandidate:
    /^Consolidation candidate: (.+) \(savings: \$\d+\.\d\d\)$/,
  ConsolidationRejected:
    /^Consolidation rejected: (.+), reason: (budget|scheduling|churn) \(savings: \$\d+\.\d\d\)$/,
  ConsolidationApproved:
    /^score \d+\.\d\d >= threshold 0\.50 \(k: 2, savings \d+\.\d%, disruption \d+\.\d%\)$/,
};

describe('Karpenter events of the demo cluster', () => {
  let server: DemoClusterServer;
  const clock = { now: START };

  afterEach(async () => {
    await server?.close();
    clock.now = START;
  });

  async function get(path: string) {
    const res = await fetch(`${server.url}${path}`, { headers: auth });
    return { status: res.status, body: await res.json() };
  }

  it('publishes each event on the Node and its NodeClaim in Karpenter formats', async () => {
    server = await startDemoClusterServer({ model: model(clock) });
    const { status, body } = await get('/api/v1/events');
    expect(status).toBe(200);
    expect(body.kind).toBe('EventList');
    const events: any[] = body.items;
    const reasons = new Set(events.map(e => e.reason));
    expect(reasons).toEqual(
      new Set([
        'DisruptionBlocked',
        'Unconsolidatable',
        'ConsolidationCandidate',
        'ConsolidationRejected',
      ]),
    );
    const commands: string[] = [];
    for (const e of events) {
      expect(e.message).toMatch(FORMATS[e.reason]);
      const command =
        e.message.match(
          /^Consolidation candidate: (.+) \(savings: \$[\d.]+\)$/,
        ) ??
        e.message.match(
          /^Consolidation rejected: (.+), reason: \w+ \(savings: \$[\d.]+\)$/,
        );
      if (command) commands.push(command[1]);
      expect(e).toMatchObject({
        apiVersion: 'v1',
        kind: 'Event',
        type: 'Normal',
        source: { component: 'karpenter' },
        reportingComponent: 'karpenter',
        metadata: { namespace: 'default' },
      });
      expect(e.metadata.name).toMatch(
        new RegExp(
          `^${e.involvedObject.name.replace(/\./g, '\\.')}\\.[0-9a-f]+$`,
        ),
      );
      expect(Date.parse(e.lastTimestamp)).toBeGreaterThanOrEqual(
        Date.parse(e.firstTimestamp),
      );
      expect(START - Date.parse(e.lastTimestamp)).toBeLessThan(3600_000);
    }
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).toMatch(COMMAND);
    // Every message is said on a Node and on its NodeClaim.
    const byKind = (kind: string) =>
      events
        .filter(e => e.involvedObject.kind === kind)
        .map(e => `${e.reason}|${e.message}`)
        .sort();
    expect(byKind('Node').length).toBeGreaterThan(10);
    expect(byKind('Node')).toEqual(byKind('NodeClaim'));
    const nodeClaims = new Set(
      (await get('/apis/karpenter.sh/v1/nodeclaims')).body.items.map(
        (c: any) => c.metadata.name,
      ),
    );
    for (const e of events.filter(x => x.involvedObject.kind === 'NodeClaim')) {
      expect(nodeClaims.has(e.involvedObject.name)).toBe(true);
      expect(e.involvedObject.apiVersion).toBe('karpenter.sh/v1');
    }
  });

  it('answers field selectors on involvedObject, reason and source like the API server', async () => {
    server = await startDemoClusterServer({ model: model(clock) });
    const all: any[] = (await get('/api/v1/events')).body.items;
    const node = all.find(e => e.involvedObject.kind === 'Node').involvedObject
      .name;
    const { body } = await get(
      `/api/v1/events?fieldSelector=${encodeURIComponent(
        `involvedObject.kind=Node,involvedObject.name=${node}`,
      )}`,
    );
    expect(body.items.length).toBeGreaterThan(0);
    expect(
      body.items.every(
        (e: any) =>
          e.involvedObject.kind === 'Node' && e.involvedObject.name === node,
      ),
    ).toBe(true);
    const blocked = await get(
      '/api/v1/namespaces/default/events?fieldSelector=reason%3DDisruptionBlocked,source%3Dkarpenter',
    );
    expect(blocked.body.items.length).toBe(
      all.filter(e => e.reason === 'DisruptionBlocked').length,
    );
    const bad = await get(
      '/api/v1/events?fieldSelector=involvedObject.foo%3Dx',
    );
    expect(bad.status).toBe(400);
  });

  it('says it again after the dedupe window: same event, count and lastTimestamp move', async () => {
    const m = model(clock);
    const before = new Map<string, any>(
      m
        .current()
        .collections.get('core/events')!
        .map(e => [e.metadata.name, e]),
    );
    clock.now = START + 20 * 60_000;
    m.setReleases([]); // a rebuild without churn
    const after = m.current().collections.get('core/events')!;
    expect(after.map(e => e.metadata.name).sort()).toEqual(
      [...before.keys()].sort(),
    );
    for (const e of after) {
      const old = before.get(e.metadata.name);
      expect(e.count).toBeGreaterThan(old.count);
      expect(Date.parse(e.lastTimestamp)).toBeGreaterThan(
        Date.parse(old.lastTimestamp),
      );
      expect(e.firstTimestamp).toBe(old.firstTimestamp);
      expect(Number(e.metadata.resourceVersion)).toBeGreaterThan(
        Number(old.metadata.resourceVersion),
      );
    }
  });

  it('scores moves of Balanced NodePools against the threshold, and only there', async () => {
    server = await startDemoClusterServer({
      model: model(clock, 'Balanced'),
    });
    const events: any[] = (await get('/api/v1/events')).body.items;
    const approved = events.filter(e => e.reason === 'ConsolidationApproved');
    expect(approved.length).toBeGreaterThan(0);
    for (const e of approved) {
      const [, score] = e.message.match(/^score (\S+) >= threshold 0\.50/)!;
      expect(Number(score)).toBeGreaterThanOrEqual(0.5);
    }
    // Balanced rejections are metrics only; the validator's are not reached.
    expect(events.some(e => e.reason === 'ConsolidationRejected')).toBe(false);
    await server.close();
    server = await startDemoClusterServer({ model: model(clock) });
    const plain: any[] = (await get('/api/v1/events')).body.items;
    expect(plain.some(e => e.reason === 'ConsolidationApproved')).toBe(false);
  });

  it('says an under-used node of a WhenEmpty NodePool is not empty, and nothing else', async () => {
    server = await startDemoClusterServer({
      model: model(clock, 'WhenEmpty'),
    });
    const events: any[] = (await get('/api/v1/events')).body.items;
    const notEmpty = events.filter(e =>
      e.message.endsWith(
        'has consolidation policy WhenEmpty, but node is not empty',
      ),
    );
    expect(notEmpty.length).toBeGreaterThan(0);
    for (const e of notEmpty) expect(e.reason).toBe('Unconsolidatable');
    // only empty nodes are candidates there
    for (const e of events.filter(x => x.reason === 'ConsolidationCandidate')) {
      expect(e.message).toMatch(/^Consolidation candidate: Empty\//);
    }
  });
});
