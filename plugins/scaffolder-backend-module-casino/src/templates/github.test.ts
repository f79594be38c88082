import path from 'node:path';
import { setupServer } from 'msw/node';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import { parse as parseYaml } from 'yaml';
import { createGitFixture, runGit } from '../__testUtils__/fixtures';
import { FakeGitHub } from '../__testUtils__/fakeGitHub';
import { startScaffolderTestBackend } from '../__testUtils__/scaffolderTestBackend';

jest.setTimeout(300_000);

describe('templates with publishMode github (fake GitHub API)', () => {
  const fixture = createGitFixture();
  const github = new FakeGitHub(
    path.join(fixture.root, 'github'),
    'casino-org',
  );
  github.addRepository('platform-infra', fixture.project);
  github.addRepository('platform-gitops', fixture.project);
  const server = setupServer(...github.handlers());
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;

  beforeAll(async () => {
    // Only GitHub is faked; the test backend itself stays reachable
    server.listen({ onUnhandledRequest: 'bypass' });
    backend = await startScaffolderTestBackend(
      {
        integrations: {
          github: [{ host: 'github.com', token: 'ghp_fake_token' }],
        },
        casino: {
          scaffolder: {
            publishMode: 'github',
            github: {
              org: 'casino-org',
              infraRepo: 'platform-infra',
              gitopsRepo: 'platform-gitops',
            },
            local: { gitDir: fixture.gitDir, projectRepo: fixture.project },
          },
        },
      },
      [scaffolderModuleGithub],
    );
  });
  afterAll(async () => {
    await backend?.backend.stop();
    server.close();
    fixture.cleanup();
  });

  it('go-service: creates the repository in the organisation, pushes the service and registers it', async () => {
    const result = await backend.runTemplate('go-service', {
      name: 'payout-api',
      description: 'Pays out winnings to wallets',
      owner: 'group:default/chains',
      system: 'system:default/casino-blockchain',
      architectures: ['arm64'],
    });
    expect(result.log.filter(l => /error/i.test(l))).toEqual([]);
    expect(result.status).toBe('completed');
    expect(github.createdRepos).toEqual(['payout-api']);
    const files = runGit([
      '--git-dir',
      github.repoDir('payout-api'),
      'ls-tree',
      '-r',
      '--name-only',
      'main',
    ]);
    expect(files.split('\n')).toEqual(
      expect.arrayContaining(['main.go', 'catalog-info.yaml', 'Dockerfile']),
    );
    const entity = await backend.waitForEntity('component:default/payout-api');
    expect(entity.spec.owner).toBe('group:default/chains');
    expect(
      entity.metadata.annotations['backstage.io/managed-by-location'],
    ).toMatch(
      /^url:https:\/\/github\.com\/casino-org\/payout-api\/(blob|tree)\/main\/catalog-info\.yaml$/,
    );
    // Nothing local was created
    expect(
      require('node:fs').existsSync(
        path.join(fixture.gitDir, 'payout-api.git'),
      ),
    ).toBe(false);
  });

  it('hetzner-chain-node: opens a pull request on the infra repository with the node, validation and cost', async () => {
    const result = await backend.runTemplate('hetzner-chain-node', {
      name: 'polygon-7',
      environment: 'prod',
      chain: 'polygon',
      serverType: 'ccx43',
      location: 'hel1',
      volumeSizeGb: 4000,
    });
    if (result.status !== 'completed')
      console.log(
        result.log
          .filter(l => !/already on the base/.test(l))
          .slice(-15)
          .join('\n'),
      );
    expect(result.status).toBe('completed');
    expect(github.pulls).toHaveLength(1);
    const pr = github.pulls[0];
    expect(pr).toMatchObject({
      owner: 'casino-org',
      repo: 'platform-infra',
      head: 'casino-org:chain-node-prod-polygon-7',
      base: 'main',
      title: 'Hetzner: add polygon node polygon-7-prod',
    });
    expect(pr.body).toContain('**Infra validator:** passed');
    // ccx43 €96.49 + 4000 GB x €0.044 = €272.49
    expect(pr.body).toContain('**Cost:** €272.49');
    // The node and its catalog Resource in one pull request
    expect(Object.keys(pr.files).sort()).toEqual([
      'infra/catalog-info.yaml',
      'infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml',
    ]);
    expect(pr.files['infra/catalog-info.yaml']).toContain(
      'name: chain-node-polygon-7-prod',
    );
    expect(
      parseYaml(
        pr.files['infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml'],
      )['polygon-7'],
    ).toEqual({
      chain: 'polygon',
      client: 'bor',
      client_version: '2.5.3',
      server_type: 'ccx43',
      location: 'hel1',
      volume_size: 4000,
    });
    expect((result.output.links as any[])[0]).toEqual(
      expect.objectContaining({
        url: 'https://github.com/casino-org/platform-infra/pull/1',
      }),
    );
  });

  it('deploy-with-platform-chart: the pull request goes to the GitOps repository', async () => {
    const result = await backend.runTemplate('deploy-with-platform-chart', {
      name: 'payout-api',
      owner: 'group:default/chains',
      imageRepository:
        '123456789012.dkr.ecr.eu-central-1.amazonaws.com/chains/payout-api',
      imageTag: '0.1.0',
      replicas: 3,
      architecture: 'arm64',
      capacityType: 'on-demand',
      containerPort: 8080,
      cpuRequest: '500m',
      memoryRequest: '512Mi',
      secrets: [],
    });
    if (result.status !== 'completed')
      console.log(
        result.log
          .filter(l => !/already on the base/.test(l))
          .slice(-15)
          .join('\n'),
      );
    expect(result.status).toBe('completed');
    const pr = github.pulls.at(-1)!;
    expect(pr.repo).toBe('platform-gitops');
    expect(pr.title).toBe('Deploy payout-api (chains) with the platform chart');
    expect(Object.keys(pr.files)).toEqual([
      'infra/apps/chains/payout-api/values.yaml',
    ]);
  });

  const polygon7 = {
    name: 'polygon-7',
    environment: 'prod',
    chain: 'polygon',
    serverType: 'ccx43',
    location: 'hel1',
    volumeSizeGb: 4000,
  };
  const polygon7Branch = 'chain-node-prod-polygon-7';

  it('re-running a template whose pull request is still open fails naming that pull request, and leaves branch and pull request as they were', async () => {
    const pulls = github.pulls.length;
    const sha = github.branchSha('platform-infra', polygon7Branch);
    expect(sha).toBeDefined();
    const result = await backend.runTemplate('hetzner-chain-node', polygon7);
    expect(result.status).toBe('failed');
    expect(result.steps['publish-github']).toBe('failed');
    expect(result.log.join('\n')).toContain(
      'Pull request already exists: https://github.com/casino-org/platform-infra/pull/1',
    );
    expect(github.pulls).toHaveLength(pulls);
    expect(github.branchSha('platform-infra', polygon7Branch)).toBe(sha);
  });

  it('re-running it after the pull request was closed reuses the branch: a new commit on it and a new pull request', async () => {
    github.closePull(1);
    const before = github.branchSha('platform-infra', polygon7Branch);
    const result = await backend.runTemplate('hetzner-chain-node', {
      ...polygon7,
      serverType: 'ccx53',
    });
    expect(result.status).toBe('completed');
    const pr = github.pulls.at(-1)!;
    expect(pr).toMatchObject({
      state: 'open',
      head: `casino-org:${polygon7Branch}`,
    });
    expect(pr.number).toBeGreaterThan(1);
    expect(github.branchSha('platform-infra', polygon7Branch)).not.toBe(before);
    expect(
      parseYaml(
        pr.files['infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml'],
      )['polygon-7'].server_type,
    ).toBe('ccx53');
  });

  describe('the fake answers conflicts like GitHub', () => {
    const api = 'https://api.github.com/repos/casino-org/platform-infra';
    const post = (url: string, body: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('creating a ref that exists is 422 "Reference already exists"', async () => {
      const res = await post(`${api}/git/refs`, {
        ref: `refs/heads/${polygon7Branch}`,
        sha: 'c'.padEnd(40, '0'),
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        message: 'Reference already exists',
      });
      // A branch only in the repository (pushed with git) exists too
      const main = await post(`${api}/git/refs`, {
        ref: 'refs/heads/main',
        sha: 'c'.padEnd(40, '0'),
      });
      expect(main.status).toBe(422);
    });

    it('a second pull request for the same head is 422 "A pull request already exists for owner:branch."', async () => {
      const res = await post(`${api}/pulls`, {
        head: `casino-org:${polygon7Branch}`,
        base: 'main',
        title: 'again',
        body: '',
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        message: 'Validation Failed',
        errors: [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for casino-org:${polygon7Branch}.`,
          },
        ],
      });
    });
  });

  it('a failed task opens no pull request', async () => {
    const before = github.pulls.length;
    const result = await backend.runTemplate('karpenter-nodepool', {
      name: 'broken',
      environment: 'prod',
      description: 'Graviton family on an x86 pool',
      architecture: 'amd64',
      families: ['m7g'],
      sizes: ['xlarge'],
      capacityTypes: ['on-demand'],
      cpuLimit: 10,
      memoryLimitGi: 40,
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: '1m',
      weight: 1,
    });
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain('families: m7g does not run amd64');
    expect(github.pulls).toHaveLength(before);
  });
});
