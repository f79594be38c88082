import fs from 'node:fs';
import path from 'node:path';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};

/** Where a frame's code lives: the npm package, or the portal's own code. */
function owner(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (!url) return '(native/idle)';
  if (url.startsWith('node:')) return 'node core';
  const own = /(plugins|packages)\/([^/]+)/.exec(url);
  return own ? `${own[1]}/${own[2]}` : path.basename(url);
}

/**
 * The top frames (self time) and packages of every `.cpuprofile` in `dir`,
 * as Markdown tables: what dominates the backend's CPU under the load.
 */
export function summariseProfiles(dir: string, top = 15): string {
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const file of fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.cpuprofile'))) {
    const profile: CpuProfile = JSON.parse(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    );
    const byId = new Map(profile.nodes.map(n => [n.id, n]));
    for (let i = 0; i < profile.samples.length; i++) {
      const node = byId.get(profile.samples[i])!;
      const us = profile.timeDeltas[i] ?? 0;
      const { functionName, url, lineNumber } = node.callFrame;
      // idle time, and the profiler's own start-up in the preload script
      if (functionName === '(idle)' || url === 'node:inspector') continue;
      total += us;
      const frame = `${functionName || '(anonymous)'} ${owner(url)}${
        url ? `:${lineNumber + 1}` : ''
      }`;
      frames.set(frame, (frames.get(frame) ?? 0) + us);
      packages.set(owner(url), (packages.get(owner(url)) ?? 0) + us);
    }
  }
  const table = (title: string, m: Map<string, number>) =>
    [
      `| ${title} | self ms | % of busy |`,
      '|---|---|---|',
      ...[...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(
          ([k, us]) =>
            `| \`${k}\` | ${(us / 1000).toFixed(0)} | ${(
              (us / total) *
              100
            ).toFixed(1)} |`,
        ),
    ].join('\n');
  return [
    `CPU profile: ${(total / 1e6).toFixed(1)} s busy (idle excluded).`,
    '',
    table('frame', frames),
    '',
    table('package', packages),
  ].join('\n');
}
