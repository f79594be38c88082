import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../__testUtils__/scaffolderTestBackend';
import { createKarpenterEnableNodePoolAction } from './karpenterNodePool';

describe('casino:karpenter:enable-nodepool', () => {
  const workspace = fs.mkdtempSync(
    path.join(os.tmpdir(), 'casino-nodepool-test-'),
  );

  beforeAll(() => {
    fs.cpSync(
      path.join(repoRoot, 'infra'),
      path.join(workspace, 'base/infra'),
      { recursive: true },
    );
  });
  afterAll(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  // The form refuses these too; the action holds when called without it
  function run(input: Record<string, unknown>) {
    const ctx = {
      input: {
        basePath: 'base',
        outPath: 'out',
        environment: 'dev',
        name: 'batch',
        architecture: 'arm64',
        families: ['m7g', 'c7g'],
        weight: 20,
        ...input,
      },
      workspacePath: workspace,
      logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
      output: jest.fn(),
    } as any;
    return createKarpenterEnableNodePoolAction().handler(ctx);
  }

  it('lists a pool of weight 1 or more', async () => {
    await expect(run({ weight: 1 })).resolves.toBeUndefined();
  });

  it('adds node_pools to a unit that inherits its other inputs, starting from the module default', async () => {
    fs.rmSync(path.join(workspace, 'out'), { recursive: true, force: true });
    await run({ environment: 'prod' });
    const written = fs.readFileSync(
      path.join(
        workspace,
        'out/infra/terragrunt/envs/prod/karpenter/terragrunt.hcl',
      ),
      'utf8',
    );
    expect(written).toContain('_envcommon/karpenter.hcl');
    expect(written.slice(written.indexOf('\ninputs = {'))).toBe(
      '\ninputs = {\n' +
        '  # NodePool and EC2NodeClass manifests applied in this environment\n' +
        '  node_pools = ["ec2nodeclass-default", "nodepool-graviton", "nodepool-x86", "nodepool-batch"]\n' +
        '}\n',
    );
  });

  it('refuses when the shared include sets node_pools for every environment, writing nothing', async () => {
    const shared = path.join(
      workspace,
      'base/infra/terragrunt/_envcommon/karpenter.hcl',
    );
    const original = fs.readFileSync(shared, 'utf8');
    fs.writeFileSync(
      shared,
      original.replace(
        'inputs = {\n',
        'inputs = {\n  node_pools = ["ec2nodeclass-default", "nodepool-x86"]\n',
      ),
    );
    fs.rmSync(path.join(workspace, 'out'), { recursive: true, force: true });
    try {
      await expect(run({})).rejects.toThrow(
        "node_pools is set in infra/terragrunt/_envcommon/karpenter.hcl, which every environment includes; list 'batch' there",
      );
      expect(fs.existsSync(path.join(workspace, 'out'))).toBe(false);
    } finally {
      fs.writeFileSync(shared, original);
    }
  });

  it.each([
    [
      'arm64',
      ['m7g', 'm6i'],
      'families: m6i does not run arm64; Graviton families end in g (m7g, c7g, r7g)',
    ],
    [
      'amd64',
      ['c7g', 'r7g', 'c6i'],
      'families: c7g, r7g do not run amd64; x86 families have no g (m6i, c6i, r6i)',
    ],
  ])(
    'refuses families of the wrong architecture (%s: %p) naming the field, writing nothing',
    async (architecture, families, message) => {
      fs.rmSync(path.join(workspace, 'out'), { recursive: true, force: true });
      await expect(run({ architecture, families })).rejects.toThrow(message);
      expect(fs.existsSync(path.join(workspace, 'out'))).toBe(false);
    },
  );

  it.each([0, -5, 101, 2.5])(
    'refuses weight %p naming the field, writing nothing',
    async weight => {
      fs.rmSync(path.join(workspace, 'out'), { recursive: true, force: true });
      await expect(run({ weight })).rejects.toThrow(
        new RegExp(`^weight ${weight} must be a whole number from 1 to 100`),
      );
      expect(fs.existsSync(path.join(workspace, 'out'))).toBe(false);
    },
  );

  it.each([
    [{ key: 'Dedicated Pool', effect: 'NoSchedule' }, /^taints\[0\]\.key/],
    [
      { key: 'dedicated', value: 'a\nb', effect: 'NoSchedule' },
      /^taints\[0\]\.value/,
    ],
    [{ key: 'dedicated', effect: 'Evict' }, /^taints\[0\]\.effect 'Evict'/],
  ])('refuses the taint %p naming the field', async (taint, message) => {
    await expect(run({ taints: [taint] })).rejects.toThrow(message);
  });
});
