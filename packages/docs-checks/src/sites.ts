import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Folders never searched for sites: dependencies, build output, state. */
const IGNORED_DIRS = new Set([
  'node_modules',
  '.git',
  '.yarn',
  '.toolchain',
  'data',
  'dist',
  'dist-types',
  'e2e-test-report',
  'site',
]);

/** An MkDocs site: its config file, and the docs folder MkDocs resolved. */
export type MkdocsSite = {
  /** Absolute path of mkdocs.yml. */
  configFile: string;
  /** Absolute path of the site's docs_dir. */
  docsDir: string;
  /** Path of mkdocs.yml relative to the repository, for messages. */
  name: string;
};

/** Every mkdocs.yml / mkdocs.yaml under `root`, sorted. */
export async function findMkdocsConfigs(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string) {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) {
          await walk(path.join(dir, entry.name));
        }
      } else if (entry.name === 'mkdocs.yml' || entry.name === 'mkdocs.yaml') {
        found.push(path.join(dir, entry.name));
      }
    }
  }
  await walk(root);
  return found.sort();
}

/**
 * Reads a site's docs_dir with MkDocs' own config loader (Debian's python3
 * and mkdocs), so the answer is exactly what `mkdocs build` uses.
 */
export async function loadSite(
  configFile: string,
  repoRoot: string,
): Promise<MkdocsSite> {
  const script = [
    'import json, sys',
    'from mkdocs.config import load_config',
    'cfg = load_config(sys.argv[1])',
    'print(json.dumps({"docs_dir": cfg["docs_dir"]}))',
  ].join('\n');
  const { stdout } = await execFileAsync(
    'python3',
    ['-c', script, configFile],
    { cwd: path.dirname(configFile), env: pythonEnv() },
  );
  const { docs_dir: docsDir } = JSON.parse(stdout.trim().split('\n').pop()!);
  return {
    configFile,
    docsDir,
    name: path.relative(repoRoot, configFile),
  };
}

/** The result of `mkdocs build --strict` of one site. */
export type BuildResult = {
  ok: boolean;
  /** WARNING lines MkDocs printed (strict mode fails on any). */
  warnings: string[];
  /** Pages in docs_dir that are not in the site's nav. */
  notInNav: string[];
  output: string;
  durationMs: number;
};

/**
 * Builds a site the way the TechDocs local generator does (`mkdocs build`
 * from the site's folder), with `--strict`, into `outDir`.
 */
export async function buildSite(
  site: MkdocsSite,
  outDir: string,
): Promise<BuildResult> {
  const started = Date.now();
  let output: string;
  let ok = true;
  try {
    const { stdout, stderr } = await execFileAsync(
      'mkdocs',
      ['build', '--strict', '-f', site.configFile, '-d', outDir],
      { cwd: path.dirname(site.configFile), env: pythonEnv() },
    );
    output = stdout + stderr;
  } catch (error: any) {
    ok = false;
    output = `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error);
  }
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const warnings = plain
    .split('\n')
    .filter(line => /^(WARNING|ERROR)\b/.test(line))
    .map(line => line.replace(/^(WARNING|ERROR)\s+-\s+/, '$1: '));
  const notInNav: string[] = [];
  const navInfo =
    /not included in the "nav" configuration:\n((?:\s+- .*\n?)+)/.exec(plain);
  if (navInfo) {
    for (const line of navInfo[1].split('\n')) {
      const page = /^\s+- (.*)$/.exec(line)?.[1];
      if (page) notInNav.push(page.trim());
    }
  }
  return {
    ok: ok && warnings.length === 0,
    warnings,
    notInNav,
    output: plain,
    durationMs: Date.now() - started,
  };
}

/** Debian's python, without a user's pyenv or virtualenv getting in between. */
function pythonEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PYTHONDONTWRITEBYTECODE: '1',
  };
  env.PATH = ['/usr/bin', '/bin', env.PATH].filter(Boolean).join(':');
  delete env.PYTHONPATH;
  delete env.VIRTUAL_ENV;
  return env;
}
