import { parse } from '@cdktf/hcl2json';
import fs from 'node:fs';
import { Finding } from '../types';

/** A parsed .tf or .hcl file: hcl2json's JSON plus the source for locating lines. */
export interface HclFile {
  file: string;
  source: string;
  json: Record<string, any>;
}

/**
 * Parses HCL with HashiCorp's parser (hcl2json, Go compiled to WebAssembly).
 * Returns the parsed file, or a finding with the file and line of a syntax error.
 */
export async function parseHclFile(
  file: string,
  displayName = file,
): Promise<{ parsed?: HclFile; finding?: Finding }> {
  const source = fs.readFileSync(file, 'utf8');
  try {
    const json = await parse(displayName, source);
    return { parsed: { file, source, json } };
  } catch (e) {
    return { finding: hclSyntaxFinding(displayName, e) };
  }
}

// hcl2json reports "parse config: [file.tf:7,1-2: Summary; Detail.]"
const DIAGNOSTIC =
  /^(?:parse config: \[)?(.+?):(\d+),(\d+)(?:-\d+(?:,\d+)?)?: (.*?)\]?$/s;

function hclSyntaxFinding(file: string, error: unknown): Finding {
  const raw = error instanceof Error ? error.message : String(error);
  const first = raw.split(/\], \[|\n/)[0];
  const m = DIAGNOSTIC.exec(first);
  if (m) {
    return {
      file,
      line: Number(m[2]),
      message: `HCL syntax error at column ${m[3]}: ${m[4].trim()}`,
      severity: 'error',
    };
  }
  return { file, message: `HCL syntax error: ${raw}`, severity: 'error' };
}

/** Blocks in hcl2json output are `{ label: [body, ...] }`; this flattens one level. */
export function blocks(
  json: Record<string, any> | undefined,
  type: string,
): Array<[string, Record<string, any>]> {
  const group = json?.[type];
  if (!group || typeof group !== 'object') return [];
  const out: Array<[string, Record<string, any>]> = [];
  for (const [label, bodies] of Object.entries(group)) {
    for (const body of Array.isArray(bodies) ? bodies : [bodies])
      out.push([label, body as Record<string, any>]);
  }
  return out;
}

/** Unwraps "${expr}" to "expr"; returns undefined when the string is not a single interpolation. */
export function unwrapExpression(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{([\s\S]*)\}$/.exec(value);
  return m ? m[1] : undefined;
}
