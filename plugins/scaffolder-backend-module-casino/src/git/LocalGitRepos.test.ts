import fs from 'node:fs';
import path from 'node:path';
import { createGitFixture, runGit } from '../__testUtils__/fixtures';
import { LocalGitRepos } from './LocalGitRepos';

describe('LocalGitRepos', () => {
  const fixture = createGitFixture();
  const repos = new LocalGitRepos({
    gitDir: fixture.gitDir,
    projectRepo: fixture.project,
    baseBranch: 'main',
    projectCloneName: 'casino-platform.git',
  });
  const author = { name: 'Dana', email: 'dana@casino.example' };
  const branches = () =>
    runGit([
      '--git-dir',
      repos.projectClonePath,
      'branch',
      '--format=%(refname:short)',
    ])
      .split('\n')
      .filter(Boolean);
  const source = (files: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(fixture.root, 'src-'));
    for (const [f, c] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), c);
    }
    return dir;
  };
  afterAll(() => fixture.cleanup());

  it('creates a bare repository with one commit by the author', async () => {
    const result = await repos.createRepository({
      name: 'svc-a',
      sourceDir: source({ 'README.md': '# a\n' }),
      commitMessage: 'Create svc-a',
      author,
    });
    expect(result.remoteUrl).toBe(`file://${fixture.gitDir}/svc-a.git`);
    expect(
      runGit([
        '--git-dir',
        `${fixture.gitDir}/svc-a.git`,
        'log',
        '--format=%an <%ae> %s',
        'main',
      ]),
    ).toBe('Dana <dana@casino.example> Create svc-a\n');
    expect(result.commitHash).toBe(
      runGit([
        '--git-dir',
        `${fixture.gitDir}/svc-a.git`,
        'rev-parse',
        'main',
      ]).trim(),
    );
  });

  it('refuses an existing repository and leaves it untouched', async () => {
    await expect(
      repos.createRepository({
        name: 'svc-a',
        sourceDir: source({ x: 'y' }),
        commitMessage: 'again',
        author,
      }),
    ).rejects.toThrow("Repository 'svc-a' already exists");
    expect(
      runGit([
        '--git-dir',
        `${fixture.gitDir}/svc-a.git`,
        'ls-tree',
        '--name-only',
        'main',
      ]),
    ).toBe('README.md\n');
  });

  it('removes a half-created repository when a step fails', async () => {
    await expect(
      repos.createRepository({
        name: 'svc-b',
        sourceDir: path.join(fixture.root, 'missing'),
        commitMessage: 'x',
        author,
      }),
    ).rejects.toThrow();
    expect(fs.existsSync(path.join(fixture.gitDir, 'svc-b.git'))).toBe(false);
  });

  it('creates a branch from the project with the diff, and refuses the same branch twice', async () => {
    const result = await repos.createBranch({
      branchName: 'add-file',
      sourceDir: source({ 'infra/new.txt': 'hello\n' }),
      commitMessage: 'Add a file',
      author,
    });
    expect(result.files).toEqual(['infra/new.txt']);
    expect(result.diff).toContain('+++ b/infra/new.txt\n@@ -0,0 +1 @@\n+hello');
    expect(result.commitHash).toBe(
      runGit([
        '--git-dir',
        repos.projectClonePath,
        'rev-parse',
        'add-file',
      ]).trim(),
    );
    await expect(
      repos.createBranch({
        branchName: 'add-file',
        sourceDir: source({ 'a.txt': 'b' }),
        commitMessage: 'x',
        author,
      }),
    ).rejects.toThrow("Branch 'add-file' already exists");
  });

  it('leaves no branch behind when the change is empty or the source is missing', async () => {
    const existing = fs.readFileSync(
      path.join(fixture.project, 'infra/terragrunt/envs/dev/env.hcl'),
      'utf8',
    );
    await expect(
      repos.createBranch({
        branchName: 'empty',
        sourceDir: source({ 'infra/terragrunt/envs/dev/env.hcl': existing }),
        commitMessage: 'x',
        author,
      }),
    ).rejects.toThrow('The change is empty');
    await expect(
      repos.createBranch({
        branchName: 'broken',
        sourceDir: path.join(fixture.root, 'missing'),
        commitMessage: 'x',
        author,
      }),
    ).rejects.toThrow();
    expect(branches().sort()).toEqual(['add-file', 'main']);
    expect(
      runGit(['--git-dir', repos.projectClonePath, 'worktree', 'list'])
        .trim()
        .split('\n'),
    ).toHaveLength(1);
  });

  it('picks up new commits of the project on the next branch', async () => {
    fs.writeFileSync(path.join(fixture.project, 'infra/late.txt'), 'late\n');
    runGit(['add', '-A'], fixture.project);
    runGit(['commit', '--quiet', '-m', 'late'], fixture.project);
    const result = await repos.createBranch({
      branchName: 'after-late',
      sourceDir: source({ 'infra/other.txt': 'x\n' }),
      commitMessage: 'x',
      author,
    });
    expect(result.files).toEqual(['infra/other.txt']);
    expect(
      runGit([
        '--git-dir',
        repos.projectClonePath,
        'show',
        'after-late:infra/late.txt',
      ]),
    ).toBe('late\n');
  });
});
