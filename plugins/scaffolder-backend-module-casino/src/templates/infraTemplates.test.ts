import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import {
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { validateRepo } from '@internal/infra-validator';
import { createGitFixture, runGit } from '../__testUtils__/fixtures';
import {
  repoRoot,
  startScaffolderTestBackend,
  writeTestComponents,
} from '../__testUtils__/scaffolderTestBackend';

jest.setTimeout(300_000);

function hasTerraform() {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('infra templates, local default (branches on a local clone)', () => {
  const fixture = createGitFixture();
  const clone = path.join(fixture.gitDir, 'casino-platform.git');
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderTestBackend(fixture.localConfig, [], {
      // deploy-with-platform-chart deploys only components in the catalog
      catalogFiles: [writeTestComponents(fixture.root, [
        'bonus-engine',
        'game-api',
      ])],
    });
    await backend.waitForEntity('component:default/game-api', 120_000);
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

  /** Throws unless `terraform console` reads the key in the branch's dev nodes.yaml as itself. */
  function assertTerraformReadsKey(branch: string, key: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casino-tf-yaml-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'nodes.yaml'),
        runGit([
          '--git-dir',
          clone,
          'show',
          `${branch}:infra/terragrunt/envs/dev/hetzner-nodes/nodes.yaml`,
        ]),
      );
      const shown = execFileSync(
        'terraform',
        ['console', '-no-color'],
        {
          cwd: dir,
          input: 'yamldecode(file("nodes.yaml"))\n',
          env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
          encoding: 'utf8',
        },
      );
      if (!shown.includes(`"${key}" = {`)) {
        throw new Error(`terraform read nodes.yaml as ${shown}`);
      }
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

  const platformPool = parseYaml(
    fs
      .readFileSync(
        path.join(repoRoot, 'infra/kubernetes/karpenter/nodepool-graviton.yaml'),
        'utf8',
      )
      .split('---\n')[1],
  );

  it("karpenter-nodepool: the pool is shaped like the platform's own pools, with the form's taints", async () => {
    const taints = [
      { key: 'casino.io/dedicated', value: 'batch', effect: 'NoSchedule' },
    ];
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...nodePool,
      name: 'shaped',
      taints,
    });
    expect(result.status).toBe('completed');
    const pool = parseYaml(
      runGit([
        '--git-dir',
        clone,
        'show',
        'nodepool-shaped:infra/kubernetes/karpenter/nodepool-shaped.yaml',
      ]).split('---\n')[1],
    );
    // Disruption budgets with the Friday-Sunday change freeze, node expiry
    // and the drain limit are the platform pools' own
    expect(pool.spec.disruption.budgets).toEqual(
      platformPool.spec.disruption.budgets,
    );
    expect(pool.spec.template.spec.expireAfter).toBe(
      platformPool.spec.template.spec.expireAfter,
    );
    expect(pool.spec.template.spec.terminationGracePeriod).toBe(
      platformPool.spec.template.spec.terminationGracePeriod,
    );
    const families = (p: any) =>
      p.spec.template.spec.requirements.find(
        (r: any) => r.key === 'karpenter.k8s.aws/instance-family',
      );
    expect(families(pool).minValues).toBe(families(platformPool).minValues);
    expect(pool.spec.template.spec.taints).toEqual(taints);
    expect(pool.spec.weight).toBe(20);
    const validation = await validateBranch('nodepool-shaped');
    expect(validation.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  it('karpenter-nodepool: one family gets no minValues (Karpenter refuses more than the values listed), no taints when none are asked for', async () => {
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...nodePool,
      name: 'single',
      families: ['c7g'],
    });
    expect(result.status).toBe('completed');
    const text = runGit([
      '--git-dir',
      clone,
      'show',
      'nodepool-single:infra/kubernetes/karpenter/nodepool-single.yaml',
    ]);
    expect(text).not.toContain('minValues');
    expect(text).not.toContain('taints');
    const validation = await validateBranch('nodepool-single');
    expect(validation.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  it('karpenter-nodepool: weight 0 (which Karpenter refuses) is refused by the form, naming the field', async () => {
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...nodePool,
      name: 'zero-weight',
      weight: 0,
    });
    expect(result.status).toBe('rejected 400');
    expect(result.log.join('\n')).toMatch(/weight.*must be greater than or equal to 1/);
    expect(branches()).not.toContain('nodepool-zero-weight');
  });

  it('karpenter-nodepool: a taint with an unknown effect is refused by the form', async () => {
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...nodePool,
      name: 'bad-taint',
      taints: [{ key: 'dedicated', effect: 'Evict' }],
    });
    expect(result.status).toBe('rejected 400');
    expect(result.log.join('\n')).toMatch(/taints\[0\]\.effect.*is not one of enum values/);
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
    volumeSizeGb: 1500,
  };

  /** The branch's nodes.yaml as Terraform's yamldecode reads it (YAML 1.1 scalars). */
  const nodesAsTerraformReadsThem = (branch: string, env = 'dev') =>
    parseYaml(
      runGit([
        '--git-dir',
        clone,
        'show',
        `${branch}:infra/terragrunt/envs/${env}/hetzner-nodes/nodes.yaml`,
      ]),
      { version: '1.1' },
    );

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
      client_version: '1.16.7',
      server_type: 'ccx33',
      location: 'nbg1',
      volume_size: 1500,
    });
    const text = (result.output.text as Array<{ content: string }>)[0].content;
    expect(text).toContain('+ethereum-2:');
    // ccx33 €48.49 + 1500 GB x €0.044
    expect(text).toContain('€114.49 per month');
    const validation = await validateBranch(branch);
    expect(validation.findings.filter(f => f.severity === 'error')).toEqual([]);
  });

  it("hetzner-chain-node: the node's chain-node Resource is part of the same change, in a file the portal's catalog reads", async () => {
    const branch = 'chain-node-dev-ethereum-2'; // from the test above
    const diff = runGit([
      '--git-dir',
      clone,
      'diff',
      '--name-only',
      `main...${branch}`,
    ]);
    expect(diff.trim().split('\n').sort()).toEqual([
      'infra/catalog-info.yaml',
      'infra/terragrunt/envs/dev/hetzner-nodes/nodes.yaml',
    ]);
    const entities = parseAllDocuments(
      runGit(['--git-dir', clone, 'show', `${branch}:infra/catalog-info.yaml`]),
    ).map(d => d.toJS());
    const before = parseAllDocuments(
      runGit(['--git-dir', clone, 'show', 'main:infra/catalog-info.yaml']),
    ).map(d => d.toJS());
    expect(entities.slice(0, before.length)).toEqual(before);
    const added = entities.slice(before.length);
    expect(added).toEqual([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: expect.objectContaining({
          name: 'chain-node-ethereum-2-dev',
          annotations: {
            'casino.io/chain': 'ethereum',
            'hetzner.cloud/server-type': 'ccx33',
            'hetzner.cloud/location': 'nbg1',
          },
        }),
        spec: {
          type: 'chain-node',
          owner: 'group:chains',
          system: 'casino-blockchain',
          dependsOn: ['resource:terragrunt-env-dev'],
        },
      },
    ]);
    // A valid entity, and chain-node Resources are accepted only from the
    // portal's own config locations: infra/catalog-info.yaml is one of them
    await expect(
      EntityPolicies.allOf([
        new FieldFormatEntityPolicy(),
        new NoForeignRootFieldsEntityPolicy(),
        new SchemaValidEntityPolicy(),
      ]).enforce(added[0]),
    ).resolves.toBeDefined();
    const locations = parseYaml(
      fs.readFileSync(path.join(repoRoot, 'catalog/locations.yaml'), 'utf8'),
    );
    expect(locations.spec.targets).toContain('../infra/catalog-info.yaml');
  });

  it.each([
    ['ethereum-geth', 'ethereum', 'geth'],
    ['ethereum-reth', 'ethereum', 'reth'],
    ['polygon-bor', 'polygon', 'bor'],
  ])(
    "hetzner-chain-node: %s gets its own client's pinned version, the one prod runs",
    async (name, chain, client) => {
      const result = await backend.runTemplate('hetzner-chain-node', {
        ...chainNode,
        name,
        chain,
        client,
        volumeSizeGb: 4000,
      });
      expect(result.status).toBe('completed');
      const node = nodesAsTerraformReadsThem(`chain-node-dev-${name}`)[name];
      const prod = parseYaml(
        fs.readFileSync(
          path.join(
            repoRoot,
            'infra/terragrunt/envs/prod/hetzner-nodes/nodes.yaml',
          ),
          'utf8',
        ),
      );
      const prodVersion = Object.values<any>(prod).find(
        n => n.client === client,
      ).client_version;
      expect(node).toMatchObject({ client, client_version: prodVersion });
    },
  );

  it('hetzner-chain-node: a version given in the form wins over the pin', async () => {
    const result = await backend.runTemplate('hetzner-chain-node', {
      ...chainNode,
      name: 'pinned-by-hand',
      clientVersion: '1.20.0',
    });
    expect(result.status).toBe('completed');
    expect(
      nodesAsTerraformReadsThem('chain-node-dev-pinned-by-hand')[
        'pinned-by-hand'
      ].client_version,
    ).toBe('1.20.0');
  });

  it.each(['on', 'off', 'yes', 'no'])(
    "hetzner-chain-node: the name '%s' stays a string for Terraform (quoted in nodes.yaml)",
    async name => {
      const result = await backend.runTemplate('hetzner-chain-node', {
        ...chainNode,
        name,
      });
      expect(result.status).toBe('completed');
      const branch = `chain-node-dev-${name}`;
      const nodes = nodesAsTerraformReadsThem(branch);
      expect(Object.keys(nodes)).toContain(name);
      expect(Object.keys(nodes)).not.toContain('true');
      expect(Object.keys(nodes)).not.toContain('false');
      expect(nodes[name].client_version).toBe('1.16.7');
      const validation = await validateBranch(branch);
      expect(validation.findings.filter(f => f.severity === 'error')).toEqual(
        [],
      );
      // Terraform's own yamldecode, where Terraform is installed
      if (hasTerraform()) assertTerraformReadsKey(branch, name);
    },
  );

  it.each([
    ['polygon', 'bor', 4000],
    ['ethereum', 'geth', 2000],
    ['casino-chain', 'geth', 500],
  ])(
    "hetzner-chain-node: a %s node without a volume size gets the chain's (%s, %p GB)",
    async (chain, client, size) => {
      const name = `${chain}-sized`;
      const { volumeSizeGb: _omit, ...withoutVolume } = chainNode;
      const result = await backend.runTemplate('hetzner-chain-node', {
        ...withoutVolume,
        name,
        chain,
      });
      expect(result.status).toBe('completed');
      expect(
        nodesAsTerraformReadsThem(`chain-node-dev-${name}`)[name],
      ).toMatchObject({ client, volume_size: size });
    },
  );

  it.each([
    ['ethereum', 1000, 1500],
    ['polygon', 2000, 4000],
  ])(
    'hetzner-chain-node: a %s volume of %p GB, too small for a full node, is refused naming volumeSizeGb',
    async (chain, volumeSizeGb, minimum) => {
      const name = `${chain}-small`;
      const result = await backend.runTemplate('hetzner-chain-node', {
        ...chainNode,
        name,
        chain,
        volumeSizeGb,
      });
      expect(result.status).toBe('failed');
      expect(result.log.join('\n')).toContain(
        `volumeSizeGb ${volumeSizeGb} must be between ${minimum} and 10240 for a ${chain} node`,
      );
      expect(branches()).not.toContain(`chain-node-dev-${name}`);
    },
  );

  it('karpenter-nodepool: a NodePool name the repository already has fails naming the field, without a branch', async () => {
    const result = await backend.runTemplate('karpenter-nodepool', {
      ...nodePool,
      name: 'graviton',
    });
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      "name 'graviton' is taken: infra/kubernetes/karpenter/nodepool-graviton.yaml already exists in the infra repository",
    );
    expect(branches()).not.toContain('nodepool-graviton');
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
