import fs from 'node:fs';
import { Finding } from '../types';
import { displayPath } from '../util/files';
import { parseYamlFile } from '../util/yamlDocs';
import { yaml11Booleans } from '../util/yaml11Booleans';
import { VariableDecl } from './loadModule';
import { suggest } from './validateTerraformDir';

/**
 * Checks a YAML file fed to a variable of type map(object({...})): attribute
 * names and types, required attributes, and the allowed values and key pattern
 * the variable's own validation blocks state (`contains([...], n.attr)`,
 * `can(regex("...", k))`), and unquoted scalars that Terraform's yamldecode
 * would read as booleans.
 */
export function checkDataFile(
  file: string,
  decl: VariableDecl,
  base?: string,
): Finding[] {
  const shown = displayPath(file, base);
  if (!fs.existsSync(file)) {
    return [
      {
        file: shown,
        message: `File read by variable '${decl.name}' does not exist`,
        severity: 'error',
      },
    ];
  }
  const { docs, findings } = parseYamlFile(file, shown);
  if (findings.length) return findings;
  findings.push(...yaml11Booleans(fs.readFileSync(file, 'utf8'), shown));
  if (!decl.type) return findings;
  const m = /^map\(object\(\{([\s\S]*)\}\)\)$/.exec(decl.type.trim());
  if (!m) return findings;

  const attrs = new Map<string, { type: string; optional: boolean }>();
  for (const line of m[1].split('\n')) {
    const a = /^\s*(\w+)\s*=\s*(optional\()?\s*(string|number|bool)/.exec(line);
    if (a) attrs.set(a[1], { type: a[3], optional: !!a[2] });
  }
  const allowed = new Map<string, string[]>();
  let keyPattern: RegExp | undefined;
  for (const cond of decl.validations) {
    for (const c of cond.matchAll(
      /contains\(\s*\[([^\]]*)\]\s*,\s*\w+\.(\w+)\s*\)/g,
    )) {
      allowed.set(
        c[2],
        [...c[1].matchAll(/"([^"]*)"/g)].map(x => x[1]),
      );
    }
    const k = /regex\("((?:[^"\\]|\\.)*)",\s*k\)/.exec(cond);
    if (k) keyPattern = new RegExp(k[1].replace(/\\\\/g, '\\'));
  }

  const doc = docs[0];
  const value = doc?.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return [
      {
        file: shown,
        line: 1,
        message: `Expected a map of entries for variable '${decl.name}'`,
        severity: 'error',
      },
    ];
  }
  for (const [key, entry] of Object.entries(value as Record<string, any>)) {
    const at = (p: Array<string | number>) => doc.lineOf([key, ...p]);
    if (keyPattern && !keyPattern.test(key)) {
      findings.push({
        file: shown,
        line: at([]),
        path: key,
        message: `Key '${key}' does not match ${keyPattern.source}`,
        severity: 'error',
      });
    }
    if (!entry || typeof entry !== 'object') {
      findings.push({
        file: shown,
        line: at([]),
        path: key,
        message: 'Expected an object',
        severity: 'error',
      });
      continue;
    }
    for (const [attr, v] of Object.entries(entry)) {
      const spec = attrs.get(attr);
      if (!spec) {
        findings.push({
          file: shown,
          line: at([attr]),
          path: `${key}.${attr}`,
          message: `Unknown field '${attr}'${suggest(attr, [
            ...attrs.keys(),
          ])}; allowed: ${[...attrs.keys()].join(', ')}`,
          severity: 'error',
        });
        continue;
      }
      const jsType = spec.type === 'bool' ? 'boolean' : spec.type;
      if (typeof v !== jsType) {
        findings.push({
          file: shown,
          line: at([attr]),
          path: `${key}.${attr}`,
          message: `Must be a ${spec.type}`,
          severity: 'error',
        });
      } else if (allowed.has(attr) && !allowed.get(attr)!.includes(String(v))) {
        findings.push({
          file: shown,
          line: at([attr]),
          path: `${key}.${attr}`,
          message: `'${v}' is not allowed; use one of ${allowed
            .get(attr)!
            .join(', ')}`,
          severity: 'error',
        });
      }
    }
    for (const [attr, spec] of attrs) {
      if (!spec.optional && !(attr in entry)) {
        findings.push({
          file: shown,
          line: at([]),
          path: `${key}.${attr}`,
          message: `Missing required field '${attr}'`,
          severity: 'error',
        });
      }
    }
  }
  return findings;
}
