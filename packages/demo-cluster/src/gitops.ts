import { renderChart } from '@internal/chart-render';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { K8sObject } from './model';
import type { GitOpsRelease } from './releases';

const run = promisify(execFile);

/** `infra/apps/<team>/<service>/values.yaml` or `values-<env>.yaml`, as the ApplicationSet reads them. */
const VALUES_FILE =
  /^infra\/apps\/([a-z0-9-]+)\/([a-z0-9-]+)\/values(-[a-z]+)?\.yaml$/;
const CHART_DIR = 'infra/helm/app';

/** Where the releases come from and what could not be rendered. */
export interface GitOpsReading {
  /** Branch → commit of every branch read, to notice changes cheaply */
  refs: Record<string, string>;
  releases: GitOpsRelease[];
  /** One line per release that did not render (Argo CD would show a sync error) */
  errors: string[];
  /** Renders by `<commit>|<dir>`, for the next reading */
  cache: Map<string, GitOpsRelease>;
}

async function git(gitDir: string, args: string[]) {
  const { stdout } = await run('git', ['--git-dir', gitDir, ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Branch → commit of the repository's local branches; empty when it does not exist yet. */
export async function readBranches(
  gitDir: string,
): Promise<Record<string, string>> {
  try {
    await fs.access(path.join(gitDir, 'HEAD'));
  } catch {
    return {};
  }
  const out = await git(gitDir, [
    'for-each-ref',
    '--format=%(refname:short) %(objectname)',
    'refs/heads',
  ]);
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map(line => line.split(' ') as [string, string]),
  );
}

/** The service directories (`<team>/<service>`) whose values a commit holds or a branch changes. */
async function serviceDirs(
  gitDir: string,
  args: string[],
): Promise<Set<string>> {
  const dirs = new Set<string>();
  for (const file of (await git(gitDir, args)).split('\n')) {
    const m = VALUES_FILE.exec(file);
    if (m) dirs.add(`${m[1]}/${m[2]}`);
  }
  return dirs;
}

/**
 * Renders the platform chart for one service directory at one commit, with
 * the chart and the values of that same commit, as Argo CD would: release
 * name the service, namespace the team, `values.yaml` then
 * `values-<environment>.yaml` when present.
 */
async function renderRelease(
  gitDir: string,
  branch: string,
  commit: string,
  dir: string,
  environment: string,
): Promise<GitOpsRelease> {
  const [team, service] = dir.split('/');
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'demo-cluster-gitops-'));
  try {
    const tar = path.join(tmp, 'tree.tar');
    await git(gitDir, [
      'archive',
      '--format=tar',
      `--output=${tar}`,
      commit,
      CHART_DIR,
      `infra/apps/${dir}`,
    ]);
    await run('tar', ['-xf', tar, '-C', tmp]);
    const valueFiles = [
      path.join(tmp, 'infra/apps', dir, 'values.yaml'),
      path.join(tmp, 'infra/apps', dir, `values-${environment}.yaml`),
    ];
    const present: string[] = [];
    for (const f of valueFiles) {
      if (
        await fs.access(f).then(
          () => true,
          () => false,
        )
      ) {
        present.push(f);
      }
    }
    const { objects } = renderChart({
      chartDir: path.join(tmp, CHART_DIR),
      releaseName: service,
      namespace: team,
      valueFiles: present,
    });
    return {
      application: `${team}-${service}`,
      team,
      service,
      branch,
      commit,
      objects: objects.map(o => o.object as K8sObject),
    };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Reads the releases of the local GitOps tree, the bare clone the portal's
 * deploy template pushes branches to: every service on the base branch (what
 * Argo CD runs after a merge) and every service a branch adds or changes
 * (the pull request, run as if merged; a branch wins over the base).
 */
export async function readGitOpsReleases(options: {
  gitDir: string;
  baseBranch?: string;
  environment?: string;
  /** Renders by `<commit>|<dir>` from the last reading, reused as they are */
  cache?: ReadonlyMap<string, GitOpsRelease>;
}): Promise<GitOpsReading> {
  const { gitDir } = options;
  const baseBranch = options.baseBranch ?? 'main';
  const environment = options.environment ?? 'dev';
  const refs = await readBranches(gitDir);
  const wanted = new Map<string, { branch: string; commit: string }>();
  if (refs[baseBranch]) {
    const dirs = await serviceDirs(gitDir, [
      'ls-tree',
      '-r',
      '--name-only',
      refs[baseBranch],
      'infra/apps',
    ]);
    for (const dir of dirs) {
      wanted.set(dir, { branch: baseBranch, commit: refs[baseBranch] });
    }
  }
  for (const [branch, commit] of Object.entries(refs).sort()) {
    if (branch === baseBranch || !refs[baseBranch]) continue;
    const dirs = await serviceDirs(gitDir, [
      'diff',
      '--name-only',
      `${refs[baseBranch]}...${commit}`,
      '--',
      'infra/apps',
    ]);
    for (const dir of dirs) {
      wanted.set(dir, { branch, commit });
    }
  }
  const releases: GitOpsRelease[] = [];
  const errors: string[] = [];
  const cache = new Map<string, GitOpsRelease>();
  for (const [dir, { branch, commit }] of [...wanted.entries()].sort()) {
    const key = `${commit}|${dir}`;
    let release = options.cache?.get(key);
    if (!release) {
      try {
        release = await renderRelease(gitDir, branch, commit, dir, environment);
      } catch (e) {
        errors.push(`${dir} on '${branch}': ${(e as Error).message}`);
        continue;
      }
    }
    cache.set(key, release);
    releases.push(release);
  }
  return { refs, releases, errors, cache };
}

/**
 * Re-reads the GitOps tree whenever its branches move (checked every
 * `intervalMs`) and hands the releases to `onReleases`. The first reading
 * happens right away.
 */
export function watchGitOps(options: {
  gitDir: string;
  baseBranch?: string;
  environment?: string;
  intervalMs: number;
  onReleases: (releases: GitOpsRelease[], errors: string[]) => void;
  onError?: (error: Error) => void;
}): { stop(): void; settled(): Promise<void> } {
  let last = '';
  let busy: Promise<void> = Promise.resolve();
  let cache: ReadonlyMap<string, GitOpsRelease> = new Map();
  const check = async () => {
    const refs = await readBranches(options.gitDir);
    const fingerprint = JSON.stringify(refs);
    if (fingerprint === last) return;
    const reading = await readGitOpsReleases({ ...options, cache });
    cache = reading.cache;
    last = JSON.stringify(reading.refs);
    options.onReleases(reading.releases, reading.errors);
  };
  let checking = false;
  const tick = () => {
    if (checking) return;
    checking = true;
    busy = check()
      .catch(e => options.onError?.(e instanceof Error ? e : new Error(e)))
      .finally(() => {
        checking = false;
      });
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    settled: () => busy,
  };
}
