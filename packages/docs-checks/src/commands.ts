import fs from 'node:fs/promises';
import path from 'node:path';
import { Problem } from './links';
import { checkProductionStarts } from './productionCommands';

/** Yarn's own commands; anything else after `yarn` must be a script or a bin. */
const YARN_COMMANDS = new Set([
  'add',
  'bin',
  'cache',
  'config',
  'constraints',
  'dedupe',
  'dlx',
  'exec',
  'explain',
  'info',
  'init',
  'install',
  'link',
  'node',
  'npm',
  'pack',
  'patch',
  'plugin',
  'rebuild',
  'remove',
  'run',
  'set',
  'stage',
  'unlink',
  'unplug',
  'up',
  'version',
  'why',
  'workspaces',
]);

type Workspace = {
  dir: string;
  scripts: Record<string, string>;
  bins: string[];
};

/**
 * What a repository offers to the commands in its docs: the scripts of the
 * root package.json, the workspaces by name, and the binaries installed in
 * node_modules/.bin.
 */
export async function readRepoCommands(repoRoot: string) {
  const readJson = async (file: string) =>
    JSON.parse(await fs.readFile(file, 'utf8'));
  const root = await readJson(path.join(repoRoot, 'package.json'));
  const workspaces = new Map<string, Workspace>();
  for (const pattern of root.workspaces ?? []) {
    const base = path.join(repoRoot, pattern.replace(/\/\*$/, ''));
    for (const dir of await fs.readdir(base).catch(() => [] as string[])) {
      const pkgFile = path.join(base, dir, 'package.json');
      const pkg = await readJson(pkgFile).catch(() => undefined);
      if (pkg?.name) {
        workspaces.set(pkg.name, {
          dir: path.join(base, dir),
          scripts: pkg.scripts ?? {},
          bins: Object.keys(typeof pkg.bin === 'object' ? pkg.bin : {}),
        });
      }
    }
  }
  const bins = new Set(
    await fs
      .readdir(path.join(repoRoot, 'node_modules', '.bin'))
      .catch(() => []),
  );
  return { scripts: root.scripts ?? {}, workspaces, bins };
}

/**
 * Finds commands in a page — in code blocks and inline code — that name a
 * repository script (`scripts/<name>.sh`) or a Yarn script, and reports those
 * that do not exist, and blocks that start the built backend other than
 * through `scripts/production-layout.sh`.
 */
export async function checkCommands(
  file: string,
  markdown: string,
  repoRoot: string,
  repo: Awaited<ReturnType<typeof readRepoCommands>>,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const lines = codeLines(markdown);
  for (const { text, line } of lines) {
    for (const m of text.matchAll(
      /(?:^|[\s`"'(=])(?:\.\/)?(scripts\/[\w./-]+\.sh)\b/g,
    )) {
      const script = m[1];
      const exists = await fs.stat(path.join(repoRoot, script)).then(
        s => s.isFile(),
        () => false,
      );
      if (!exists) {
        problems.push({ file, line, message: `'${script}' does not exist` });
      }
    }
    for (const m of text.matchAll(
      /(?:^|[\s`"'(;&|])yarn\s+([^\s`;&|)]+)(?:\s+([^\s`;&|)]+))?(?:\s+([^\s`;&|)]+))?/g,
    )) {
      const [, command, arg1, arg2] = m;
      const message = yarnProblem(repo, command, arg1, arg2);
      if (message) problems.push({ file, line, message });
    }
  }
  problems.push(...checkProductionStarts(file, markdown));
  return problems;
}

function yarnProblem(
  repo: Awaited<ReturnType<typeof readRepoCommands>>,
  command: string,
  arg1?: string,
  arg2?: string,
): string | undefined {
  if (command.startsWith('-') || command.startsWith('<')) return undefined;
  if (command === 'workspace') {
    const ws = arg1 && repo.workspaces.get(arg1);
    if (!ws) return `'yarn workspace ${arg1}': no workspace named '${arg1}'`;
    if (
      arg2 &&
      !YARN_COMMANDS.has(arg2) &&
      !(arg2 in ws.scripts) &&
      !repo.bins.has(arg2)
    ) {
      return `'yarn workspace ${arg1} ${arg2}': '${arg1}' has no script '${arg2}'`;
    }
    return undefined;
  }
  if (command === 'run') {
    return arg1 && !(arg1 in repo.scripts)
      ? `'yarn run ${arg1}': no such script in package.json`
      : undefined;
  }
  if (
    YARN_COMMANDS.has(command) ||
    command in repo.scripts ||
    repo.bins.has(command)
  ) {
    return undefined;
  }
  return `'yarn ${command}': no such script in package.json and no such binary`;
}

/** Lines inside fenced code blocks, plus the inline code spans of the rest. */
export function codeLines(markdown: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      return;
    }
    if (fence) {
      out.push({ text, line: i + 1 });
    } else {
      for (const m of text.matchAll(/`([^`]+)`/g))
        out.push({ text: m[1], line: i + 1 });
    }
  });
  return out;
}
