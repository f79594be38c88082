import { Problem } from './links';

/** A fenced code block that starts the built backend. */
export type ProductionStart = { line: number; problems: string[] };

/**
 * Finds the documented commands that start the built backend
 * (`node packages/backend ...`) and checks that each block gets there the
 * way the image does: `yarn build:backend`, then `scripts/production-layout.sh
 * <dir>`, then `cd <dir>`. The build only writes tarballs, so `node
 * packages/backend` in the repository itself cannot work.
 */
export function findProductionStarts(markdown: string): ProductionStart[] {
  const starts: ProductionStart[] = [];
  let fence: string | undefined;
  let block: { text: string; line: number }[] = [];
  markdown.split('\n').forEach((text, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      if (fence) starts.push(...checkBlock(block));
      fence = fence ? undefined : marker;
      block = [];
      return;
    }
    if (fence) block.push({ text: text.trim(), line: i + 1 });
  });
  return starts;
}

function checkBlock(
  block: { text: string; line: number }[],
): ProductionStart[] {
  const out: ProductionStart[] = [];
  block.forEach(({ text, line }, i) => {
    if (!/^(\S+=\S*\s+)*node\s+packages\/backend\b/.test(text)) return;
    const before = block.slice(0, i).map(b => b.text);
    const problems: string[] = [];
    const build = before.findIndex(t => /^yarn\s+build:backend\b/.test(t));
    const layout = before.findIndex(t =>
      /(^|\s)(\.\/)?scripts\/production-layout\.sh\s+\S+/.test(t),
    );
    const dir =
      layout >= 0
        ? /scripts\/production-layout\.sh\s+(\S+)/.exec(before[layout])![1]
        : undefined;
    const cd = dir
      ? before.findIndex(t => t === `cd ${dir}` || t.startsWith(`cd ${dir} `))
      : -1;
    if (build < 0)
      problems.push(
        'runs `node packages/backend` without `yarn build:backend` before it',
      );
    if (layout < 0) {
      problems.push(
        'runs `node packages/backend` without laying out the build with `scripts/production-layout.sh <dir>`',
      );
    } else if (build > layout) {
      problems.push('lays out the build before `yarn build:backend`');
    }
    if (dir && cd < layout)
      problems.push(
        `runs \`node packages/backend\` outside the laid-out folder (\`cd ${dir}\` first)`,
      );
    out.push({ line, problems });
  });
  return out;
}

/** The problems of {@link findProductionStarts} as check problems of `file`. */
export function checkProductionStarts(
  file: string,
  markdown: string,
): Problem[] {
  return findProductionStarts(markdown).flatMap(s =>
    s.problems.map(message => ({ file, line: s.line, message })),
  );
}
