import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { validateRepo } from '@internal/infra-validator';
import { createGitFixture, runGit } from '../__testUtils__/fixtures';
import { startScaffolderTestBackend } from '../__testUtils__/scaffolderTestBackend';

jest.setTimeout(120_000);

describe('infra templates, local default (branches on a local clone)', () => {
  const fixture = createGitFixture();
  const clone = path.join(fixture.gitDir, 'casino-platform.git');
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderTestBackend(fixture.localConfig);
  });
  afterAll(async () => {
    await backend?.backend.stop();
    fixture.cleanup();
  });

  const branches = () =>
    runGit(['--git-dir', clone, 'branch', '--format=%(refname:short)'])
      .split('\n')
      .filter(Boolean)
      .sort();

  /** Exports a branch of the clone and runs the infra validator on it. */
  async function validateBranch(branch: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casino-branch-check-'));
    try {
      execFileSync('sh', [
        '-c',
        `git --git-dir "${clone}" archive "${branch}" | tar -x -C "${dir}"`,
      ]);
      return await validateRepo(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const nodePool = {
    name: 'batch',
    environment: 'dev',
    description: 'Batch jobs of the data team',
    architecture: 'arm64',
    families: ['m7g', 'c7g'],
    sizes: ['xlarge', '2xlarge'],
    capacityTypes: ['spot'],
    cpuLimit: 100,
    memoryLimitGi: 400,
    consolidationPolicy: 'WhenEmptyOrUnderutilized',
    consolidateAfter: '5m',
    weight: 20,
  };

  it('karpenter-nodepool: opens a validated, priced branch with the manifest and node_pools', async () => {
    const result = await backend.runTemplate('karpenter-nodepool', nodePool);
    expect(result.status).toBe('completed');
    expect(branches()).toEqual(['main', 'nodepool-batch']);

    const diff = runGit(['--git-dir', clone, 'diff', 'main...nodepool-batch']);
    expect(diff).toContain(
      '+++ b/infra/kubernetes/karpenter/nodepool-batch.yaml',
    );
    expect(diff).toContain('+          values: ["m7g","c7g"]');
    expect(diff).toContain(
      '+  node_pools = ["ec2nodeclass-default", "nodepool-graviton", "nodepool-x86", "nodepool-batch"]',
    );
    // The task output shows the same diff
    const text = (result.output.text as Array<{ content: string }>)[0].content;
    expect(text).toContain('Branch `nodepool-batch`');
    expect(text).toContain('+  node_pools = [');
    expect(text).toMatch(/Infra validator:\*\* passed/);
    // A spot-only pool at spot prices in dev's region (eu-central-1): 100
    // vCPU = 25 c7g.xlarge at $0.1724/h on-demand, 60% off -> $1,258.52
    expect(text).toContain(
      '(100 vCPU, 400 GiB, spot, eu-central-1):** $1,258.52',
    );

    // Commit message carries the PR title and body
    const message = runGit([
      '--git-dir',
      clone,
      'log',
      '-1',
      '--format=%B',
      'nodepool-batch',
    ]);
    expect(message).toMatch(/^Karpenter: add NodePool batch to dev\n/);
    expect(message).toContain('per month');

    const validation = await validateBranch('nodepool-batch');
    expect(validation.findings.filter(f => f.severity === 'error')).toEqual([]);
    const manifest = runGit([
      '--git-dir',
      clone,
      'show',
      'nodepool-batch:infra/kubernetes/karpenter/nodepool-batch.yaml',
    ]);
    expect(parseYaml(manifest.split('---\n')[1]).spec.limits).toEqual({
      cpu: '100',
      memory: '400Gi',
    });
  });

  it('karpenter-nodepool: a NodePool the Karpenter CRD rejects stops the task, nothing published', async () => {
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...nodePool,
      name: 'zero-weight',
      weight: 0,
    });
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toMatch(
      /infra validator rejected the change[\s\S]*nodepool-zero-weight\.yaml[\s\S]*spec\.weight/,
    );
    expect(result.steps.validate).toBe('failed');
    expect(branches()).not.toContain('nodepool-zero-weight');
  });

  it('karpenter-nodepool: families that do not match the architecture are refused naming the field', async () => {
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...nodePool,
      name: 'mixed',
      families: ['m7g', 'm6i'],
    });
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain('families: m6i does not run arm64');
    expect(branches()).not.toContain('nodepool-mixed');
  });

  it('karpenter-nodepool: an unknown family is refused before running', async () => {
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...nodePool,
      name: 'weird',
      families: ['x9z'],
    });
    expect(result.status).toBe('rejected 400');
    expect(result.log.join('\n')).toMatch(
      /families\[0\].*is not one of enum values/,
    );
  });

  const chainNode = {
    name: 'ethereum-2',
    environment: 'dev',
    chain: 'ethereum',
    serverType: 'ccx33',
    location: 'nbg1',
    volumeSizeGb: 1000,
  };

  it('hetzner-chain-node: appends the node to nodes.yaml on a branch, keeping the file', async () => {
    const result = await backend.runTemplate('hetzner-chain-node', chainNode);
    expect(result.status).toBe('completed');
    const branch = 'chain-node-dev-ethereum-2';
    expect(branches()).toContain(branch);
    const file = 'infra/terragrunt/envs/dev/hetzner-nodes/nodes.yaml';
    const before = runGit(['--git-dir', clone, 'show', `main:${file}`]);
    const after = runGit(['--git-dir', clone, 'show', `${branch}:${file}`]);
    expect(after.startsWith(before.trimEnd())).toBe(true); // comments and existing nodes untouched
    expect(parseYaml(after)['ethereum-2']).toEqual({
      chain: 'ethereum',
      client: 'geth',
      server_type: 'ccx33',
      location: 'nbg1',
      volume_size: 1000,
    });
    const text = (result.output.text as Array<{ content: string }>)[0].content;
    expect(text).toContain('+ethereum-2:');
    // ccx33 €48.49 + 1000 GB x €0.044
    expect(text).toContain('€92.49 per month');
    const validation = await validateBranch(branch);
    expect(validation.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  it('hetzner-chain-node: a node name already in nodes.yaml fails without a branch', async () => {
    const result = await backend.runTemplate('hetzner-chain-node', {
      ...chainNode,
      name: 'ethereum-1',
    });
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      "name 'ethereum-1' is already a chain node in infra/terragrunt/envs/dev/hetzner-nodes/nodes.yaml",
    );
    expect(branches()).not.toContain('chain-node-dev-ethereum-1');
  });

  it.each([
    [
      'serverType',
      { serverType: 'cx11' },
      /serverType.*is not one of enum values/,
    ],
    ['chain', { chain: 'bitcoin' }, /chain.*is not one of enum values/],
    ['name', { name: 'Eth_2' }, /name.*does not match pattern/],
  ])(
    'hetzner-chain-node: rejects an unknown %s before running',
    async (_f, bad, message) => {
      const result = await backend.runTemplate('hetzner-chain-node', {
        ...chainNode,
        ...bad,
      });
      expect(result.status).toBe('rejected 400');
      expect(result.log.join('\n')).toMatch(message);
    },
  );

  it('hetzner-chain-node: a client that cannot run the chain is refused naming the field', async () => {
    const result = await backend.runTemplate('hetzner-chain-node', {
      ...chainNode,
      name: 'polygon-9',
      chain: 'polygon',
      client: 'geth',
    });
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      "client 'geth' cannot run chain 'polygon'; use one of bor",
    );
  });

  const deploy = {
    name: 'bonus-engine',
    owner: 'group:default/mono',
    imageRepository:
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com/mono/bonus-engine',
    imageTag: '1.0.0',
    replicas: 2,
    architecture: 'multi',
    capacityType: 'spot',
    containerPort: 8080,
    cpuRequest: '250m',
    memoryRequest: '256Mi',
    ingressHost: 'bonus.casino.example.com',
    secrets: [
      {
        envVar: 'DATABASE_URL',
        vaultPath: 'casino/mono/bonus-engine',
        property: 'database_url',
      },
    ],
  };

  it('deploy-with-platform-chart: adds schema-valid values under infra/apps/<team>/<service>', async () => {
    const result = await backend.runTemplate(
      'deploy-with-platform-chart',
      deploy,
    );
    expect(result.status).toBe('completed');
    const file = 'infra/apps/mono/bonus-engine/values.yaml';
    const values = parseYaml(
      runGit([
        '--git-dir',
        clone,
        'show',
        `deploy-mono-bonus-engine:${file}`,
      ]).split('---\n')[1],
    );
    expect(values).toMatchObject({
      team: 'mono',
      image: { repository: deploy.imageRepository, tag: '1.0.0' },
      replicaCount: 2,
      architecture: 'multi',
      capacityType: 'spot',
      ingress: { enabled: true, host: 'bonus.casino.example.com' },
      externalSecret: {
        enabled: true,
        data: [
          {
            secretKey: 'DATABASE_URL',
            remoteRef: {
              key: 'casino/mono/bonus-engine',
              property: 'database_url',
            },
          },
        ],
      },
    });
    const validation = await validateBranch('deploy-mono-bonus-engine');
    expect(validation.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  it('deploy-with-platform-chart: a service that is already deployed fails early', async () => {
    const result = await backend.runTemplate('deploy-with-platform-chart', {
      ...deploy,
      name: 'game-api',
      owner: 'group:default/direct',
    });
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      "name 'game-api' is already deployed for team direct",
    );
    expect(branches()).not.toContain('deploy-direct-game-api');
  });

  it('leaves no worktrees behind in the clone', () => {
    expect(
      runGit(['--git-dir', clone, 'worktree', 'list']).trim().split('\n'),
    ).toHaveLength(1);
  });
});
