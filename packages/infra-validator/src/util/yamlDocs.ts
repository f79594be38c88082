import fs from 'node:fs';
import { isNode, LineCounter, parseAllDocuments } from 'yaml';
import { Finding } from '../types';

/** One YAML document with a way back from a field path to its line. */
export interface YamlDoc {
  value: unknown;
  /** 1-based line of the node at `path`, or of its closest existing parent */
  lineOf(path: Array<string | number>): number | undefined;
}

/** Parses every document of a YAML file; syntax errors become findings with their line. */
export function parseYamlFile(
  file: string,
  shown: string,
): { docs: YamlDoc[]; findings: Finding[] } {
  const source = fs.readFileSync(file, 'utf8');
  return parseYamlSource(source, shown);
}

export function parseYamlSource(
  source: string,
  shown: string,
): { docs: YamlDoc[]; findings: Finding[] } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(source, {
    lineCounter,
    prettyErrors: false,
  });
  const findings: Finding[] = [];
  const docs: YamlDoc[] = [];
  for (const doc of Array.isArray(parsed) ? parsed : [parsed]) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        findings.push({
          file: shown,
          line: lineCounter.linePos(err.pos[0]).line,
          message: `YAML syntax error: ${err.message.split('\n')[0]}`,
          severity: 'error',
        });
      }
      continue;
    }
    if (doc.contents === null) continue; // empty document (e.g. after a leading ---)
    docs.push({
      value: doc.toJS({ maxAliasCount: 100 }),
      lineOf(path) {
        for (let n = path.length; n >= 0; n--) {
          const node = doc.getIn(path.slice(0, n), true);
          if (isNode(node) && node.range)
            return lineCounter.linePos(node.range[0]).line;
        }
        return undefined;
      },
    });
  }
  return { docs, findings };
}

/** `a.b[0].c` from ['a', 'b', 0, 'c']. */
export function formatPath(path: Array<string | number>): string {
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      return i === 0 ? p : `.${p}`;
    })
    .join('');
}

/** ['a', 'b', 0] from an ajv instancePath '/a/b/0'. */
export function pointerToPath(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(s => (/^\d+$/.test(s) ? Number(s) : s));
}
