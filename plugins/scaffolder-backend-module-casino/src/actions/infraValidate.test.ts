import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultInfraValidator } from '../infra/defaultValidator';
import { repoRoot } from '../__testUtils__/scaffolderTestBackend';
import { CLUSTER_ADMIN_DESCRIPTION } from '../__testUtils__/hostileInputs';
import { createInfraValidateAction } from './infraValidate';

jest.setTimeout(60_000);

describe('casino:infra:validate', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'casino-validate-test-'));
  const workspace = path.join(tmp, 'workspace');
  const temp = path.join(tmp, 'temp');

  beforeAll(() => {
    fs.mkdirSync(temp);
    fs.cpSync(
      path.join(repoRoot, 'infra'),
      path.join(workspace, 'base/infra'),
      {
        recursive: true,
      },
    );
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function run(changes: Record<string, string>) {
    const out = fs.mkdtempSync(path.join(workspace, 'out-'));
    for (const [file, text] of Object.entries(changes)) {
      fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      fs.writeFileSync(path.join(out, file), text);
    }
    const outputs: Record<string, unknown> = {};
    const ctx = {
      input: { basePath: 'base', changesPath: path.basename(out) },
      workspacePath: workspace,
      logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
      output: (k: string, v: unknown) => {
        outputs[k] = v;
      },
    } as any;
    return {
      outputs,
      done: createInfraValidateAction({
        validate: defaultInfraValidator,
        tempDir: temp, // the action's copies land here, so the test sees them go
      }).handler(ctx),
    };
  }

  const graviton = fs.readFileSync(
    path.join(repoRoot, 'infra/kubernetes/karpenter/nodepool-graviton.yaml'),
    'utf8',
  );
  const nodePool = (description: string) =>
    `# ${description}\n${graviton
      .replace(/^#.*\n/gm, '')
      .replace(/graviton/g, 'batch')}`;

  it('refuses the ClusterRoleBinding appended to a NodePool file through its description, and removes its copy', async () => {
    const { done } = run({
      'infra/kubernetes/karpenter/nodepool-batch.yaml': nodePool(
        CLUSTER_ADMIN_DESCRIPTION,
      ),
    });
    await expect(done).rejects.toThrow(
      /infra validator rejected the change[\s\S]*nodepool-batch\.yaml: error: must hold exactly one document, the NodePool 'batch' \(karpenter\.sh\/v1\); found 2 \(ClusterRoleBinding, NodePool\)/,
    );
    expect(fs.readdirSync(temp)).toEqual([]);
  });

  it('passes a clean NodePool and removes its copy too', async () => {
    const { done, outputs } = run({
      'infra/kubernetes/karpenter/nodepool-batch.yaml': nodePool(
        'Batch jobs of the data team',
      ),
    });
    await done;
    expect(outputs.valid).toBe(true);
    expect(fs.readdirSync(temp)).toEqual([]);
  });

  it('keeps server paths out of its messages', async () => {
    const { done } = run({
      'infra/kubernetes/karpenter/nodepool-batch.yaml': 'a: [',
    });
    const error = await done.catch(e => e);
    expect(error.message).toMatch(/nodepool-batch\.yaml/);
    expect(error.message).not.toContain(tmp);
  });
});
