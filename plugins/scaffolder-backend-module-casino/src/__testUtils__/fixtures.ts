import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './scaffolderTestBackend';

const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function runGit(args: string[], cwd?: string): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
}

/**
 * A temp folder with `project/` (a git repository holding a copy of this
 * repository's infra/ tree on branch main, standing in for the project the
 * portal runs from) and `git/` (the scaffolder's local git folder).
 */
export function createGitFixture() {
  const root = fs.mkdtempSync(
    path.join(os.tmpdir(), 'casino-scaffolder-test-'),
  );
  const project = path.join(root, 'project');
  const gitDir = path.join(root, 'git');
  fs.mkdirSync(project);
  fs.cpSync(path.join(repoRoot, 'infra'), path.join(project, 'infra'), {
    recursive: true,
  });
  runGit(['init', '--quiet', '-b', 'main'], project);
  runGit(['add', '-A'], project);
  runGit(['commit', '--quiet', '-m', 'infra'], project);
  return {
    root,
    project,
    gitDir,
    localConfig: {
      casino: {
        scaffolder: {
          publishMode: 'local',
          local: { gitDir, projectRepo: project, baseBranch: 'main' },
        },
      },
    },
    cleanup() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Whether Debian's Go toolchain is available. */
export function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
