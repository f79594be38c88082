import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chartRendererBinary } from '@internal/chart-render';
import { DEFAULT_SERVICES } from './catalog';
import { readGitOpsReleases, watchGitOps } from './gitops';
import { DemoClusterModel, K8sObject } from './model';
import { DemoClusterServer, startDemoClusterServer } from './server';

// eslint-disable-next-line no-restricted-syntax
const REPO_ROOT = path.resolve(__dirname, '../../..');
const NOW = Date.parse('2026-11-27T12:00:00Z');
const auth = { Authorization: 'Bearer demo-cluster-token' };

function git(cwd: string, ...args: string[]) {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** Values as the deploy-with-platform-chart template writes them. */
function deployValues(o: {
  name: string;
  replicas: number;
  architecture: string;
  capacityType: string;
  cpu?: string;
  extra?: string;
}) {
  return `team: direct
fullnameOverride: ${o.name}
image:
  repository: 123456789012.dkr.ecr.eu-central-1.amazonaws.com/service
  tag: "1.0.0"
replicaCount: ${o.replicas}
architecture: ${o.architecture}
capacityType: ${o.capacityType}
containerPort: 8080
resources:
  requests:
    cpu: ${o.cpu ?? '250m'}
    memory: 256Mi
  limits:
    memory: 256Mi
${o.extra ?? ''}`;
}

// Real git and the real chart renderer (a cold Go build takes ~20 s).
jest.setTimeout(60_000);

describe('demo cluster runs the GitOps tree', () => {
  let tmp: string;
  let work: string;
  let bare: string;
  let server: DemoClusterServer | undefined;

  /** Commits `files` on a new branch off main and pushes it, like the deploy template. */
  function pushBranch(branch: string, files: Record<string, string>) {
    git(work, 'checkout', '-q', '-b', branch, 'main');
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      fs.writeFileSync(path.join(work, file), text);
    }
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', `Deploy on ${branch}`);
    git(work, 'push', '-q', bare, `${branch}:refs/heads/${branch}`);
    git(work, 'checkout', '-q', 'main');
  }

  beforeAll(() => {
    chartRendererBinary();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-gitops-test-'));
    work = path.join(tmp, 'work');
    bare = path.join(tmp, 'casino-platform.git');
    fs.mkdirSync(work);
    git(work, 'init', '-q', '-b', 'main');
    fs.cpSync(
      path.join(REPO_ROOT, 'infra/helm/app'),
      path.join(work, 'infra/helm/app'),
      { recursive: true },
    );
    fs.cpSync(
      path.join(REPO_ROOT, 'infra/apps/direct/game-api'),
      path.join(work, 'infra/apps/direct/game-api'),
      { recursive: true },
    );
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'platform chart and game-api');
    git(tmp, 'clone', '-q', '--bare', work, bare);
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function model() {
    return new DemoClusterModel({
      name: 'test',
      nodes: 80,
      seed: 11,
      services: DEFAULT_SERVICES,
      now: () => NOW,
    });
  }

  async function pods(labelSelector: string): Promise<K8sObject[]> {
    const res = await fetch(
      `${server!.url}/api/v1/pods?labelSelector=${encodeURIComponent(
        labelSelector,
      )}`,
      { headers: auth },
    );
    expect(res.status).toBe(200);
    return (await res.json()).items;
  }

  it("runs a deploy branch's pods with the chart's labels on nodes its values select", async () => {
    pushBranch('deploy-direct-dice-roller', {
      'infra/apps/direct/dice-roller/values.yaml': deployValues({
        name: 'dice-roller',
        replicas: 3,
        architecture: 'arm64',
        capacityType: 'spot',
      }),
    });
    const reading = await readGitOpsReleases({ gitDir: bare });
    expect(reading.errors).toEqual([]);
    expect(
      reading.releases.map(r => `${r.application}@${r.branch}`).sort(),
    ).toEqual([
      'direct-dice-roller@deploy-direct-dice-roller',
      'direct-game-api@main',
    ]);

    const m = model();
    m.setReleases(reading.releases);
    server = await startDemoClusterServer({ model: m });

    // What the Kubernetes tab asks for: the component's kubernetes-id
    const found = await pods('backstage.io/kubernetes-id=dice-roller');
    expect(found).toHaveLength(3);
    const rendered = reading.releases
      .find(r => r.service === 'dice-roller')!
      .objects.find(o => o.kind === 'Deployment')!;
    expect(rendered.metadata.name).toBe('dice-roller');
    const nodes: K8sObject[] = (
      await (
        await fetch(`${server.url}/api/v1/nodes`, { headers: auth })
      ).json()
    ).items;
    for (const pod of found) {
      expect(pod.metadata.namespace).toBe('direct');
      expect(pod.status.phase).toBe('Running');
      const { 'pod-template-hash': hash, ...labels } = pod.metadata.labels!;
      expect(hash).toMatch(/^[a-z0-9]{10}$/);
      // exactly the labels the chart rendered for the pod template
      expect(labels).toEqual(rendered.spec.template.metadata.labels);
      expect(labels).toMatchObject({
        'backstage.io/kubernetes-id': 'dice-roller',
        'app.kubernetes.io/instance': 'dice-roller',
        'app.kubernetes.io/name': 'app',
      });
      const node = nodes.find(n => n.metadata.name === pod.spec.nodeName)!;
      expect(node.metadata.labels).toMatchObject({
        'kubernetes.io/arch': 'arm64',
        'karpenter.sh/capacity-type': 'spot',
      });
    }
    // spread: three replicas do not share one node
    expect(new Set(found.map(p => p.spec.nodeName)).size).toBe(3);

    // the Deployment and ReplicaSet the tab groups the pods under
    const deployments = await (
      await fetch(
        `${server.url}/apis/apps/v1/deployments?labelSelector=backstage.io%2Fkubernetes-id%3Ddice-roller`,
        { headers: auth },
      )
    ).json();
    expect(deployments.items).toHaveLength(1);
    expect(deployments.items[0].status.readyReplicas).toBe(3);
    const replicasets = await (
      await fetch(
        `${server.url}/apis/apps/v1/namespaces/direct/replicasets?labelSelector=backstage.io%2Fkubernetes-id%3Ddice-roller`,
        { headers: auth },
      )
    ).json();
    expect(replicasets.items).toHaveLength(1);
    expect(replicasets.items[0].metadata.ownerReferences[0].uid).toBe(
      deployments.items[0].metadata.uid,
    );
    for (const pod of found) {
      expect((pod.metadata.ownerReferences as any)[0].uid).toBe(
        replicasets.items[0].metadata.uid,
      );
    }

    // the base branch's services run too (what Argo CD runs after a merge),
    // with values-dev.yaml over values.yaml: the HPA's minReplicas of dev
    expect(await pods('backstage.io/kubernetes-id=game-api')).toHaveLength(1);
  });

  it('keeps the replica count on live nodes while the cluster churns', async () => {
    const reading = await readGitOpsReleases({ gitDir: bare });
    const m = model();
    m.setReleases(reading.releases);
    const selected = () =>
      m
        .current()
        .collections.get('core/pods')!
        .filter(
          p =>
            p.metadata.labels?.['backstage.io/kubernetes-id'] === 'dice-roller',
        );
    const before = selected().map(p => p.metadata.name);
    for (let i = 0; i < 200; i++) m.churn();
    const nodeNames = new Set(
      m
        .current()
        .collections.get('core/nodes')!
        .map(n => n.metadata.name),
    );
    const after = selected();
    expect(after).toHaveLength(3);
    for (const pod of after) {
      expect(nodeNames.has(pod.spec.nodeName)).toBe(true);
      expect(pod.status.phase).toBe('Running');
    }
    // 200 steps replace most nodes: the pods were re-created elsewhere
    expect(after.map(p => p.metadata.name)).not.toEqual(before);
  });

  it('leaves a pod Pending with the scheduler message when no node fits', async () => {
    pushBranch('deploy-direct-huge', {
      'infra/apps/direct/huge/values.yaml': deployValues({
        name: 'huge',
        replicas: 1,
        architecture: 'amd64',
        capacityType: 'on-demand',
        extra: 'nodeSelector:\n  casino.io/gpu: "true"\n',
      }),
    });
    pushBranch('deploy-direct-greedy', {
      'infra/apps/direct/greedy/values.yaml': deployValues({
        name: 'greedy',
        replicas: 1,
        architecture: 'multi',
        capacityType: 'any',
        cpu: '200',
      }),
    });
    const reading = await readGitOpsReleases({ gitDir: bare });
    git(tmp, '--git-dir', bare, 'branch', '-D', 'deploy-direct-greedy');
    const m = model();
    m.setReleases(reading.releases);
    const [greedy] = m
      .current()
      .collections.get('core/pods')!
      .filter(
        p => p.metadata.labels?.['backstage.io/kubernetes-id'] === 'greedy',
      );
    expect(greedy.status.phase).toBe('Pending');
    expect(greedy.status.conditions[0].message).toMatch(
      /^0\/80 nodes are available: \d+ node\(s\) Insufficient cpu/,
    );

    const [pod] = m
      .current()
      .collections.get('core/pods')!
      .filter(
        p => p.metadata.labels?.['backstage.io/kubernetes-id'] === 'huge',
      );
    expect(pod.status.phase).toBe('Pending');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status.conditions[0].message).toMatch(
      /^0\/80 nodes are available: 80 node\(s\) didn't match Pod's node affinity\/selector/,
    );
  });

  it('follows the branches: a new deploy branch starts pods, a deleted one removes them', async () => {
    const m = model();
    const running = () =>
      m
        .runningReleases()
        .map(r => r.application)
        .sort();
    let readings = 0;
    const watcher = watchGitOps({
      gitDir: bare,
      intervalMs: 50,
      onReleases: releases => {
        m.setReleases(releases);
        readings++;
      },
    });
    try {
      await waitFor(() => readings > 0);
      expect(running()).toEqual([
        'direct-dice-roller',
        'direct-game-api',
        'direct-huge',
      ]);
      pushBranch('deploy-direct-coin-flip', {
        'infra/apps/direct/coin-flip/values.yaml': deployValues({
          name: 'coin-flip',
          replicas: 2,
          architecture: 'multi',
          capacityType: 'any',
        }),
      });
      await waitFor(() => running().includes('direct-coin-flip'));
      git(tmp, '--git-dir', bare, 'branch', '-D', 'deploy-direct-huge');
      await waitFor(() => !running().includes('direct-huge'));
      expect(
        m
          .current()
          .collections.get('core/pods')!
          .filter(
            p => p.metadata.labels?.['app.kubernetes.io/instance'] === 'huge',
          ),
      ).toEqual([]);
    } finally {
      watcher.stop();
      await watcher.settled();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) {
      throw new Error('condition not met in time');
    }
    await new Promise(r => setTimeout(r, 25));
  }
}
