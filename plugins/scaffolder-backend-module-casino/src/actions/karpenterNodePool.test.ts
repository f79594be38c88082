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
