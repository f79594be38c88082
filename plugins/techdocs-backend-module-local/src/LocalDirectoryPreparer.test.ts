import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { PreparerBase } from '@backstage/plugin-techdocs-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalDirectoryPreparer } from './LocalDirectoryPreparer';

const MKDOCS_YML = `# a comment the generator would drop
site_name: Module
docs_dir: docs
theme: { name: material, font: false }
`;

describe('LocalDirectoryPreparer', () => {
  let root: string;
  let fallback: jest.Mocked<PreparerBase>;
  let preparer: LocalDirectoryPreparer;

  const entity = (techdocsRef: string, location: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'karpenter-module',
      annotations: {
        'backstage.io/techdocs-ref': techdocsRef,
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
    },
    spec: {},
  });

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'preparer-test-'));
    const site = path.join(root, 'modules', 'karpenter');
    await fs.mkdir(path.join(site, 'docs', 'img'), { recursive: true });
    await fs.mkdir(path.join(site, 'node_modules', 'big'), { recursive: true });
    await fs.writeFile(path.join(site, 'mkdocs.yml'), MKDOCS_YML);
    await fs.writeFile(path.join(site, 'README.md'), '# Karpenter\n');
    await fs.writeFile(path.join(site, 'main.tf'), 'resource "x" "this" {}\n');
    await fs.writeFile(
      path.join(site, 'docs', 'index.md'),
      '--8<-- "README.md"\n',
    );
    await fs.writeFile(path.join(site, 'docs', 'img', 'a.svg'), '<svg/>');
    await fs.writeFile(path.join(site, 'node_modules', 'big', 'x.js'), 'x');
    await fs.writeFile(
      path.join(root, 'catalog-info.yaml'),
      'kind: Component\n',
    );

    fallback = {
      prepare: jest.fn(),
      shouldCleanPreparedDirectory: jest.fn(() => false),
    };
    preparer = LocalDirectoryPreparer.create({
      fallback,
      scmIntegrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      logger: mockServices.logger.mock(),
      tempDir: root,
    });
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('copies only the site (mkdocs.yml, top-level files, docs_dir) and leaves the source untouched', async () => {
    const { preparedDir, etag } = await preparer.prepare(
      entity('dir:./modules/karpenter', `file:${root}/catalog-info.yaml`),
    );

    expect(preparedDir).not.toBe(path.join(root, 'modules', 'karpenter'));
    const copied = (await fs.readdir(preparedDir, { recursive: true })).sort();
    expect(copied).toEqual([
      'README.md',
      'docs',
      'docs/img',
      'docs/img/a.svg',
      'docs/index.md',
      'main.tf',
      'mkdocs.yml',
    ]);
    expect(etag).toMatch(/^[0-9a-f]{64}$/);

    // What the generator will rewrite is the copy, not the working tree.
    await fs.writeFile(path.join(preparedDir, 'mkdocs.yml'), 'site_name: x\n');
    expect(
      await fs.readFile(
        path.join(root, 'modules/karpenter/mkdocs.yml'),
        'utf8',
      ),
    ).toBe(MKDOCS_YML);
    expect(preparer.shouldCleanPreparedDirectory()).toBe(true);
  });

  it('reports an unchanged site as not modified, and a changed one with a new etag', async () => {
    const ref = entity(
      'dir:./modules/karpenter',
      `file:${root}/catalog-info.yaml`,
    );
    const first = await preparer.prepare(ref);

    await expect(
      preparer.prepare(ref, { etag: first.etag }),
    ).rejects.toMatchObject({
      name: 'NotModifiedError',
    });

    await fs.appendFile(
      path.join(root, 'modules/karpenter/README.md'),
      'More.\n',
    );
    const second = await preparer.prepare(ref, { etag: first.etag });
    expect(second.etag).not.toBe(first.etag);
  });

  it('copies a symlinked page that points inside the site as a file, and skips links out of it', async () => {
    const site = path.join(root, 'modules', 'karpenter');
    await fs.rm(path.join(site, 'docs', 'index.md'));
    await fs.symlink('../README.md', path.join(site, 'docs', 'index.md'));
    await fs.writeFile(path.join(root, 'secret.md'), 'not part of the site');
    await fs.symlink(
      '../../../secret.md',
      path.join(site, 'docs', 'outside.md'),
    );

    const { preparedDir } = await preparer.prepare(
      entity('dir:./modules/karpenter', `file:${root}/catalog-info.yaml`),
    );
    const index = path.join(preparedDir, 'docs', 'index.md');
    expect((await fs.lstat(index)).isSymbolicLink()).toBe(false);
    expect(await fs.readFile(index, 'utf8')).toBe('# Karpenter\n');
    await expect(
      fs.stat(path.join(preparedDir, 'docs', 'outside.md')),
    ).rejects.toThrow();
  });

  it('follows docs_dir from mkdocs.yml', async () => {
    const site = path.join(root, 'modules', 'karpenter');
    await fs.writeFile(
      path.join(site, 'mkdocs.yml'),
      'site_name: M\ndocs_dir: pages\n',
    );
    await fs.mkdir(path.join(site, 'pages'));
    await fs.writeFile(path.join(site, 'pages', 'index.md'), '# M\n');

    const { preparedDir } = await preparer.prepare(
      entity('dir:./modules/karpenter', `file:${root}/catalog-info.yaml`),
    );
    const copied = await fs.readdir(preparedDir, { recursive: true });
    expect(copied).toContain('pages/index.md');
    expect(copied).not.toContain('docs/index.md');
  });

  it('refuses a docs_dir outside the site', async () => {
    const site = path.join(root, 'modules', 'karpenter');
    await fs.writeFile(
      path.join(site, 'mkdocs.yml'),
      'site_name: M\ndocs_dir: ../../\n',
    );

    await expect(
      preparer.prepare(
        entity('dir:./modules/karpenter', `file:${root}/catalog-info.yaml`),
      ),
    ).rejects.toThrow(/docs_dir/);
  });

  it('hands folders in remote repositories to the stock preparer', async () => {
    fallback.prepare.mockResolvedValue({ preparedDir: '/tmp/x', etag: 'sha' });
    const remote = entity(
      'dir:.',
      'url:https://github.com/casino/platform/blob/main/catalog-info.yaml',
    );

    await expect(preparer.prepare(remote)).resolves.toEqual({
      preparedDir: '/tmp/x',
      etag: 'sha',
    });
    expect(fallback.prepare).toHaveBeenCalledWith(remote, undefined);
  });
});
