import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { git, GitAuthor } from './git';
import { fileExists } from '../fileExists';

/** Result of publishing a new local repository. @internal */
export interface LocalRepoResult {
  /** `file://` URL of the bare repository, usable with `git clone` */
  remoteUrl: string;
  /** Base URL of the repository's files, for `catalog:register` and TechDocs */
  repoContentsUrl: string;
  catalogInfoUrl: string;
  commitHash: string;
  defaultBranch: string;
}

/** Result of publishing a branch on the local project clone. @internal */
export interface LocalBranchResult {
  remoteUrl: string;
  branchName: string;
  baseBranch: string;
  commitHash: string;
  /** `git diff` of the branch against its base */
  diff: string;
  /** Paths the branch adds or changes, relative to the repository root */
  files: string[];
}

const BRANCH_NAME =
  /^(?!.*\.\.)(?!.*\/\/)(?!\/)(?!.*\/$)(?!.*\.lock$)[A-Za-z0-9._/-]{1,200}$/;
const REPO_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Real git repositories on the portal's own disk, standing in for GitHub on
 * the local default: bare repositories for new services, and branches on a
 * bare clone of this project for infra and GitOps changes. Every operation
 * either completes or leaves nothing behind.
 *
 * @internal
 */
export class LocalGitRepos {
  /** Serialises operations on the shared project clone */
  private cloneLock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      gitDir: string;
      projectRepo: string;
      baseBranch: string;
      projectCloneName: string;
    },
  ) {}

  get gitDir() {
    return this.options.gitDir;
  }

  get projectClonePath() {
    return path.join(this.options.gitDir, this.options.projectCloneName);
  }

  /** `file://` base URL of the files on a repository's default branch. */
  contentsUrl(repoPath: string) {
    return `file://${repoPath}/`;
  }

  repoPath(name: string) {
    if (!REPO_NAME.test(name)) {
      throw new InputError(
        `Repository name '${name}' must be a DNS-1123 label (lowercase letters, digits and '-')`,
      );
    }
    return path.join(this.options.gitDir, `${name}.git`);
  }

  /**
   * Creates `<gitDir>/<name>.git` holding one commit with the contents of
   * `sourceDir`. Refuses if it exists; removes it again if any step fails.
   */
  async createRepository(options: {
    name: string;
    sourceDir: string;
    commitMessage: string;
    author: GitAuthor;
    defaultBranch?: string;
  }): Promise<LocalRepoResult> {
    const repo = this.repoPath(options.name);
    const defaultBranch = options.defaultBranch ?? 'main';
    await fs.mkdir(this.options.gitDir, { recursive: true });
    try {
      // mkdir without recursive is the atomic "claim" of the name
      await fs.mkdir(repo);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConflictError(
          `Repository '${options.name}' already exists at ${repo}`,
        );
      }
      throw e;
    }
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'casino-repo-'));
    try {
      await git(['init', '--bare', '--quiet', '-b', defaultBranch, repo]);
      await fs.cp(options.sourceDir, work, { recursive: true });
      await git(['init', '--quiet', '-b', defaultBranch], { cwd: work });
      await git(['add', '-A'], { cwd: work });
      const commitHash = await commitStaged(
        work,
        options.commitMessage,
        options.author,
      );
      await git(['push', '--quiet', repo, `HEAD:refs/heads/${defaultBranch}`], {
        cwd: work,
      });
      const repoContentsUrl = this.contentsUrl(repo);
      return {
        remoteUrl: `file://${repo}`,
        repoContentsUrl,
        catalogInfoUrl: `${repoContentsUrl}catalog-info.yaml`,
        commitHash,
        defaultBranch,
      };
    } catch (e) {
      await fs.rm(repo, { recursive: true, force: true });
      throw e;
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  /** Deletes a repository this class created (used to undo a failed task). */
  async deleteRepository(name: string) {
    await fs.rm(this.repoPath(name), { recursive: true, force: true });
  }

  /**
   * Makes sure `<gitDir>/<projectCloneName>` is a bare clone of the project
   * whose base branch matches the project's current base branch.
   */
  async syncProjectClone(): Promise<string> {
    return this.withCloneLock(() => this.syncProjectCloneUnlocked());
  }

  private async syncProjectCloneUnlocked(): Promise<string> {
    const clone = this.projectClonePath;
    const { projectRepo, baseBranch } = this.options;
    await fs.mkdir(this.options.gitDir, { recursive: true });
    if (!(await fileExists(path.join(clone, 'HEAD')))) {
      const tmp = `${clone}.tmp-${process.pid}-${Date.now()}`;
      try {
        await git([
          'clone',
          '--bare',
          '--quiet',
          '--no-tags',
          '--branch',
          baseBranch,
          projectRepo,
          tmp,
        ]);
        await fs.rename(tmp, clone);
      } catch (e) {
        await fs.rm(tmp, { recursive: true, force: true });
        throw e;
      }
    } else {
      await git([
        '--git-dir',
        clone,
        'fetch',
        '--quiet',
        '--no-tags',
        projectRepo,
        `+refs/heads/${baseBranch}:refs/heads/${baseBranch}`,
      ]);
    }
    await git([
      '--git-dir',
      clone,
      'symbolic-ref',
      'HEAD',
      `refs/heads/${baseBranch}`,
    ]);
    return clone;
  }

  /**
   * Creates branch `branchName` on the project clone from the base branch,
   * with the contents of `sourceDir` copied to `targetPath`, as one commit.
   * Refuses an existing branch; deletes the branch again if any step fails.
   */
  async createBranch(options: {
    branchName: string;
    sourceDir: string;
    targetPath?: string;
    commitMessage: string;
    description?: string;
    author: GitAuthor;
  }): Promise<LocalBranchResult> {
    const { branchName } = options;
    if (
      !BRANCH_NAME.test(branchName) ||
      branchName === this.options.baseBranch
    ) {
      throw new InputError(
        `Branch name '${branchName}' is not a valid new branch name`,
      );
    }
    return this.withCloneLock(async () => {
      const clone = await this.syncProjectCloneUnlocked();
      const { baseBranch } = this.options;
      const existing = await git([
        '--git-dir',
        clone,
        'branch',
        '--list',
        branchName,
      ]);
      if (existing.trim()) {
        throw new ConflictError(
          `Branch '${branchName}' already exists in ${clone}; pick another name or delete the branch`,
        );
      }
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'casino-branch-'));
      let branchCreated = false;
      // Before the branch can be deleted (a failed change), and always after.
      const removeWorktree = () =>
        git(['--git-dir', clone, 'worktree', 'remove', '--force', work]).catch(
          () => {},
        );
      try {
        await git([
          '--git-dir',
          clone,
          'worktree',
          'add',
          '--quiet',
          '-b',
          branchName,
          work,
          baseBranch,
        ]);
        branchCreated = true;
        const target = path.resolve(work, options.targetPath ?? '.');
        if (path.relative(work, target).startsWith('..')) {
          throw new InputError(
            `targetPath '${options.targetPath}' leaves the repository`,
          );
        }
        await fs.mkdir(target, { recursive: true });
        await fs.cp(options.sourceDir, target, { recursive: true });
        await git(['add', '-A'], { cwd: work });
        const files = (
          await git(['diff', '--cached', '--name-only'], { cwd: work })
        )
          .split('\n')
          .filter(Boolean);
        if (files.length === 0) {
          throw new InputError(
            `The change is empty: ${baseBranch} already contains these files`,
          );
        }
        const commitHash = await commitStaged(
          work,
          options.commitMessage,
          options.author,
        );
        const diff = await git(['diff', `${baseBranch}...${branchName}`], {
          cwd: work,
        });
        if (options.description) {
          await git([
            '--git-dir',
            clone,
            'config',
            `branch.${branchName}.description`,
            options.description,
          ]);
        }
        return {
          remoteUrl: `file://${clone}`,
          branchName,
          baseBranch,
          commitHash,
          diff,
          files,
        };
      } catch (e) {
        if (branchCreated) {
          await removeWorktree();
          await git(['--git-dir', clone, 'branch', '-D', branchName]).catch(
            () => {},
          );
          await git([
            '--git-dir',
            clone,
            'config',
            '--remove-section',
            `branch.${branchName}`,
          ]).catch(() => {});
        }
        throw e;
      } finally {
        await removeWorktree();
        await fs.rm(work, { recursive: true, force: true });
        await git(['--git-dir', clone, 'worktree', 'prune']).catch(() => {});
      }
    });
  }

  /** Deletes a branch this class created (used to undo a failed task). */
  async deleteBranch(branchName: string) {
    await this.withCloneLock(async () => {
      const clone = this.projectClonePath;
      const existing = await git([
        '--git-dir',
        clone,
        'branch',
        '--list',
        branchName,
      ]);
      if (!existing.trim()) {
        throw new NotFoundError(`Branch '${branchName}' does not exist`);
      }
      await git(['--git-dir', clone, 'branch', '-D', branchName]);
    });
  }

  private withCloneLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.cloneLock.then(fn, fn);
    this.cloneLock = run.catch(() => {});
    return run;
  }
}

/** Commits what is staged in `work`; returns the new commit's hash. */
async function commitStaged(
  work: string,
  message: string,
  author: GitAuthor,
): Promise<string> {
  await git(['commit', '--quiet', '-m', message], { cwd: work, author });
  return (await git(['rev-parse', 'HEAD'], { cwd: work })).trim();
}
