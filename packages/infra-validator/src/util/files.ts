import fs from 'node:fs';
import path from 'node:path';

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.terraform',
  '.terragrunt-cache',
]);

/** Lists files under `dir` (recursively) whose names match `filter`, sorted. */
export function listFiles(
  dir: string,
  filter: (file: string) => boolean,
): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (filter(full)) {
        out.push(full);
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/** 1-based line of the first match of `pattern` at or after `fromLine`. */
export function findLine(
  source: string,
  pattern: RegExp,
  fromLine = 1,
): number | undefined {
  const lines = source.split('\n');
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) {
    if (pattern.test(lines[i])) return i + 1;
  }
  return undefined;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Path shown in findings: relative to `base` when inside it. */
export function displayPath(file: string, base?: string): string {
  if (!base) return file;
  const rel = path.relative(base, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Collects every string inside a JSON value. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach(v => collectStrings(v, out));
  else if (value && typeof value === 'object')
    Object.values(value).forEach(v => collectStrings(v, out));
  return out;
}
