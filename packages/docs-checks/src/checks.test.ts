import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkRepository } from './checkRepository';

const repoRoot = path.resolve(__dirname, '../../..');

/**
 * The checks must catch what they claim to catch: each test breaks a copy of
 * the real platform site in one way and expects exactly that to be reported.
 */
describe('docs checks on a broken copy of the platform site', () => {
  let copy: string;

  beforeEach(async () => {
    copy = await fs.mkdtemp(path.join(os.tmpdir(), 'docs-checks-copy-'));
    await fs.cp(
      path.join(repoRoot, 'mkdocs.yml'),
      path.join(copy, 'mkdocs.yml'),
    );
    await fs.cp(path.join(repoRoot, 'docs'), path.join(copy, 'docs'), {
      recursive: true,
    });
    // The commands the pages name resolve against the copy: the same
    // scripts, package.json and installed binaries as the repository.
    await fs.cp(
      path.join(repoRoot, 'package.json'),
      path.join(copy, 'package.json'),
    );
    for (const dir of ['scripts', 'packages', 'plugins', 'node_modules']) {
      await fs.symlink(path.join(repoRoot, dir), path.join(copy, dir));
    }
  });

  afterEach(async () => {
    await fs.rm(copy, { recursive: true, force: true });
  });

  const edit = async (page: string, change: (text: string) => string) => {
    const file = path.join(copy, 'docs', page);
    await fs.writeFile(file, change(await fs.readFile(file, 'utf8')));
  };

  const check = async () => {
    const { sites } = await checkRepository(copy);
    expect(sites).toHaveLength(1);
    return sites[0];
  };

  it('passes the unmodified copy', async () => {
    const site = await check();
    expect(site.build.warnings).toEqual([]);
    expect(site.build.ok).toBe(true);
    expect(site.links).toEqual([]);
  }, 60_000);

  it('fails the strict build and reports a link to a page that does not exist', async () => {
    await edit('platform/overview.md', t => {
      expect(t).toContain('(scale-patterns.md)');
      return t.replace('(scale-patterns.md)', '(scale-pattern.md)');
    });

    const site = await check();
    expect(site.build.ok).toBe(false);
    expect(site.build.warnings.join('\n')).toContain(
      "'platform/scale-pattern.md' which is not found",
    );
    expect(site.links).toEqual([
      expect.objectContaining({
        file: 'platform/overview.md',
        message: "link 'scale-pattern.md' points at a missing file",
      }),
    ]);
  }, 60_000);

  it('reports a link to a heading that does not exist (mkdocs 1.4 does not)', async () => {
    await edit('on-call/karpenter-consolidation.md', t => {
      expect(t).toContain('scale-patterns.md#consolidation');
      return t.replace(
        'scale-patterns.md#consolidation',
        'scale-patterns.md#consolidaton',
      );
    });

    const site = await check();
    expect(site.links).toEqual([
      expect.objectContaining({
        file: 'on-call/karpenter-consolidation.md',
        message:
          "link '../platform/scale-patterns.md#consolidaton' points at a missing heading '#consolidaton'",
      }),
    ]);
  }, 60_000);

  it('reports a page that is missing from the navigation', async () => {
    await fs.writeFile(
      path.join(copy, 'docs', 'on-call', 'orphan.md'),
      '# Orphan\n',
    );

    const site = await check();
    expect(site.build.notInNav).toEqual(['on-call/orphan.md']);
  }, 60_000);

  it('reports a production start that skips scripts/production-layout.sh', async () => {
    await edit('operations/production.md', t => {
      expect(t).toContain(
        'scripts/production-layout.sh /tmp/portal-production\ncd /tmp/portal-production\n',
      );
      return t.replace(
        'scripts/production-layout.sh /tmp/portal-production\ncd /tmp/portal-production\n',
        '',
      );
    });

    const site = await check();
    expect(site.commands.map(p => p.message)).toEqual([
      'runs `node packages/backend` without laying out the build with `scripts/production-layout.sh <dir>`',
    ]);
  }, 60_000);

  it('reports commands that name scripts or yarn scripts that do not exist', async () => {
    await edit('operations/writing-docs.md', t =>
      t.concat(
        '\n```sh\nscripts/deploy.sh\nyarn start:docs\nyarn workspace @internal/nope test\n```\n',
      ),
    );

    const site = await check();
    expect(site.commands.map(p => p.message)).toEqual([
      "'scripts/deploy.sh' does not exist",
      "'yarn start:docs': no such script in package.json and no such binary",
      "'yarn workspace @internal/nope': no workspace named '@internal/nope'",
    ]);
  }, 60_000);
});
