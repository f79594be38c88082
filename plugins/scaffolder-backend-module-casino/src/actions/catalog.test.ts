import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocalGitRepos } from '../git/LocalGitRepos';
import { createRegisterAction } from './catalog';

function context(input: Record<string, unknown>) {
  const outputs: Record<string, unknown> = {};
  return {
    ctx: {
      input,
      logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
      output: (k: string, v: unknown) => {
        outputs[k] = v;
      },
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/guest'),
      workspacePath: os.tmpdir(),
    } as any,
    outputs,
  };
}

describe('casino:catalog:register', () => {
  const gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casino-register-'));
  const repos = new LocalGitRepos({
    gitDir,
    projectRepo: gitDir,
    baseBranch: 'main',
    projectCloneName: 'p.git',
  });
  afterAll(() => fs.rmSync(gitDir, { recursive: true, force: true }));

  it('removes the local repository and says so when the catalog refuses the file', async () => {
    const src = fs.mkdtempSync(path.join(gitDir, 'src-'));
    fs.writeFileSync(path.join(src, 'catalog-info.yaml'), 'kind: Component\n');
    const created = await repos.createRepository({
      name: 'svc',
      sourceDir: src,
      commitMessage: 'x',
      author: { name: 'a', email: 'a@b' },
    });
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockRejectedValue(
          new Error('Policy check failed; apiVersion is missing'),
        ),
    });
    const { ctx } = context({
      catalogInfoUrl: created.catalogInfoUrl,
      removeLocalRepoOnFailure: 'svc',
    });
    await expect(
      createRegisterAction({ catalog, repos }).handler(ctx),
    ).rejects.toThrow(
      `Registering ${created.catalogInfoUrl} in the catalog failed: Policy check failed; apiVersion is missing. The local repository 'svc' was removed again, so nothing is left behind.`,
    );
    expect(fs.existsSync(path.join(gitDir, 'svc.git'))).toBe(false);
  });

  it('names what was already created when it cannot clean up (GitHub)', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest
        .fn()
        .mockRejectedValue(new Error('NotFoundError: catalog-info.yaml')),
    });
    const { ctx } = context({
      catalogInfoUrl:
        'https://github.com/casino-org/svc/blob/main/catalog-info.yaml',
      created: ['repository https://github.com/casino-org/svc.git'],
    });
    await expect(
      createRegisterAction({ catalog, repos }).handler(ctx),
    ).rejects.toThrow(
      'Already created (not removed): repository https://github.com/casino-org/svc.git.',
    );
  });

  it('registers after a dry run and outputs the component', async () => {
    const addLocation = jest
      .fn()
      .mockImplementation(async (req: { dryRun?: boolean }) => ({
        location: { id: '1', type: 'url', target: 'x' },
        entities: req.dryRun
          ? [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Location',
                metadata: { name: 'generated-1' },
              },
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'svc', namespace: 'default' },
              },
            ]
          : [],
      }));
    const catalog = catalogServiceMock.mock({ addLocation });
    const { ctx, outputs } = context({
      catalogInfoUrl: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
    });
    await createRegisterAction({ catalog, repos }).handler(ctx);
    expect(addLocation.mock.calls.map(c => c[0])).toEqual([
      {
        type: 'url',
        target: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
        dryRun: true,
      },
      {
        type: 'url',
        target: 'https://github.com/o/svc/blob/main/catalog-info.yaml',
      },
    ]);
    expect(outputs.entityRef).toBe('component:default/svc');
  });
});
