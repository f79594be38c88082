import fs from 'node:fs';
import path from 'node:path';
import { Finding } from '../types';
import {
  collectStrings,
  displayPath,
  escapeRegExp,
  findLine,
  listFiles,
} from '../util/files';
import { parseYamlFile } from '../util/yamlDocs';
import {
  clearModuleCache,
  loadModule,
  TerraformModule,
  VariableDecl,
} from './loadModule';
import { blocks, HclFile, parseHclFile, unwrapExpression } from './parseHcl';
import { suggest } from './validateTerraformDir';

/** @public */
export interface TerragruntValidationOptions {
  /** What `get_repo_root()` returns; defaults to the parent of the `infra` directory containing `dir` */
  repoRoot?: string;
  baseDir?: string;
  /** @internal Reuse modules parsed earlier in the same run (validateRepo) */
  reuseParsedModules?: boolean;
}

interface Unit {
  dir: string;
  hcl: HclFile;
  shown: string;
  root?: HclFile;
  module?: TerraformModule;
  moduleDir?: string;
}

/**
 * Checks a Terragrunt tree: every .hcl parses; every unit's `terraform.source`
 * resolves to a module; its inputs are variables the module declares and set
 * every required one; every `dependency.<x>.outputs.<y>` it reads (and every
 * mock output) is an output of the dependency's module.
 *
 * @public
 */
export async function validateTerragrunt(
  dir: string,
  options: TerragruntValidationOptions = {},
): Promise<Finding[]> {
  const base = options.baseDir;
  const repoRoot = options.repoRoot ?? guessRepoRoot(dir);
  const findings: Finding[] = [];
  const parsed = new Map<string, HclFile>();
  if (!options.reuseParsedModules) clearModuleCache();

  for (const file of listFiles(dir, f => f.endsWith('.hcl'))) {
    const { parsed: hcl, finding } = await parseHclFile(
      file,
      displayPath(file, base),
    );
    if (finding) findings.push(finding);
    else parsed.set(file, hcl!);
  }

  const units = new Map<string, Unit>();
  for (const [file, hcl] of parsed) {
    if (path.basename(file) !== 'terragrunt.hcl') continue;
    const unitDir = path.dirname(file);
    units.set(unitDir, { dir: unitDir, hcl, shown: displayPath(file, base) });
  }

  // Resolve includes and module sources first: dependencies need them
  for (const unit of units.values()) {
    for (const [name, body] of blocks(unit.hcl.json, 'include')) {
      const target = evalFindInParentFolders(String(body.path ?? ''), unit.dir);
      const line = findLine(
        unit.hcl.source,
        new RegExp(`^\\s*include\\s+"${escapeRegExp(name)}"`),
      );
      if (!target) {
        findings.push({
          file: unit.shown,
          line,
          path: `include.${name}.path`,
          message: `Cannot resolve include path ${body.path}`,
          severity: 'warning',
        });
      } else if (!fs.existsSync(target)) {
        findings.push({
          file: unit.shown,
          line,
          path: `include.${name}.path`,
          message: `Included file '${displayPath(
            target,
            base,
          )}' does not exist`,
          severity: 'error',
        });
      } else if (name === 'root' || !unit.root) {
        unit.root = parsed.get(target);
      }
    }
    const source = unit.hcl.json.terraform?.[0]?.source;
    if (source === undefined) {
      findings.push({
        file: unit.shown,
        message: 'Unit has no terraform { source = ... }',
        severity: 'error',
      });
      continue;
    }
    const resolved = evalString(String(source), unit, repoRoot);
    const line = findLine(unit.hcl.source, /^\s*source\s*=/);
    if (resolved === undefined) {
      findings.push({
        file: unit.shown,
        line,
        path: 'terraform.source',
        message: `Cannot resolve terraform source ${source}`,
        severity: 'warning',
      });
      continue;
    }
    if (/^[a-z]+::|^git@|^https?:/.test(resolved)) continue; // remote: nothing to check offline
    const moduleDir = path.resolve(unit.dir, resolved.replace('//', '/'));
    if (!fs.existsSync(moduleDir)) {
      findings.push({
        file: unit.shown,
        line,
        path: 'terraform.source',
        message: `Terraform source resolves to '${displayPath(
          moduleDir,
          base,
        )}', which does not exist`,
        severity: 'error',
      });
      continue;
    }
    unit.moduleDir = moduleDir;
    unit.module = await loadModule(moduleDir, base);
  }

  for (const unit of units.values()) {
    findings.push(...checkInputs(unit, repoRoot, base));
    findings.push(...checkDependencies(unit, units, base));
  }
  return findings;
}

function checkInputs(unit: Unit, repoRoot: string, base?: string): Finding[] {
  const findings: Finding[] = [];
  const mod = unit.module;
  if (!mod) return findings;
  const inputs: Record<string, unknown> = unit.hcl.json.inputs ?? {};
  const rootInputs: Record<string, unknown> = unit.root?.json.inputs ?? {};
  const moduleName = displayPath(mod.dir, base);

  for (const [name, value] of Object.entries(inputs)) {
    const decl = mod.variables.get(name);
    const line = findLine(
      unit.hcl.source,
      new RegExp(`^\\s*${escapeRegExp(name)}\\s*=`),
    );
    if (!decl) {
      findings.push({
        file: unit.shown,
        line,
        path: `inputs.${name}`,
        message: `Module '${moduleName}' has no variable '${name}'${suggest(
          name,
          [...mod.variables.keys()],
        )}`,
        severity: 'error',
      });
      continue;
    }
    // inputs = { x = yamldecode(file("${get_terragrunt_dir()}/x.yaml")) }
    const expr = unwrapExpression(value);
    const fileArg = expr && /^yamldecode\(file\("(.*)"\)\)$/.exec(expr.trim());
    if (fileArg) {
      const dataFile = evalString(fileArg[1], unit, repoRoot);
      if (dataFile)
        findings.push(
          ...checkDataFile(path.resolve(unit.dir, dataFile), decl, base),
        );
    }
  }
  for (const v of mod.variables.values()) {
    if (v.required && !(v.name in inputs) && !(v.name in rootInputs)) {
      findings.push({
        file: unit.shown,
        line: findLine(unit.hcl.source, /^\s*inputs\s*=/),
        path: 'inputs',
        message: `Required variable '${
          v.name
        }' of module '${moduleName}' is not set (${v.file}:${v.line ?? '?'})`,
        severity: 'error',
      });
    }
  }
  return findings;
}

function checkDependencies(
  unit: Unit,
  units: Map<string, Unit>,
  base?: string,
): Finding[] {
  const findings: Finding[] = [];
  const deps = new Map<string, Unit | undefined>();

  for (const [name, body] of blocks(unit.hcl.json, 'dependency')) {
    const line = findLine(
      unit.hcl.source,
      new RegExp(`^\\s*dependency\\s+"${escapeRegExp(name)}"`),
    );
    const target = path.resolve(unit.dir, String(body.config_path ?? ''));
    const dep = units.get(target);
    deps.set(name, dep);
    if (!dep) {
      findings.push({
        file: unit.shown,
        line,
        path: `dependency.${name}.config_path`,
        message: `Dependency '${name}' points at '${displayPath(
          target,
          base,
        )}', which is not a Terragrunt unit`,
        severity: 'error',
      });
      continue;
    }
    const outputs = dep.module ? [...dep.module.outputs.keys()] : undefined;
    for (const mock of Object.keys(body.mock_outputs ?? {})) {
      if (outputs && !outputs.includes(mock)) {
        findings.push({
          file: unit.shown,
          line: findLine(
            unit.hcl.source,
            new RegExp(`^\\s*${escapeRegExp(mock)}\\s*=`),
            line,
          ),
          path: `dependency.${name}.mock_outputs.${mock}`,
          message: `Mock output '${mock}' is not an output of '${displayPath(
            dep.moduleDir!,
            base,
          )}'${suggest(mock, outputs)}`,
          severity: 'error',
        });
      }
    }
  }
  for (const body of unit.hcl.json.dependencies ?? []) {
    for (const p of body.paths ?? []) {
      if (!units.has(path.resolve(unit.dir, p))) {
        findings.push({
          file: unit.shown,
          line: findLine(unit.hcl.source, /^\s*paths\s*=/),
          path: 'dependencies.paths',
          message: `'${p}' is not a Terragrunt unit`,
          severity: 'error',
        });
      }
    }
  }

  const seen = new Set<string>();
  for (const s of collectStrings(unit.hcl.json)) {
    for (const m of s.matchAll(
      /\bdependency\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g,
    )) {
      const [ref, name, output] = m;
      if (seen.has(ref)) continue;
      seen.add(ref);
      const line = findLine(unit.hcl.source, new RegExp(escapeRegExp(ref)));
      if (!deps.has(name)) {
        findings.push({
          file: unit.shown,
          line,
          path: ref,
          message: `No dependency block named '${name}'`,
          severity: 'error',
        });
        continue;
      }
      const dep = deps.get(name);
      if (!dep?.module) continue;
      const outputs = [...dep.module.outputs.keys()];
      if (!outputs.includes(output)) {
        findings.push({
          file: unit.shown,
          line,
          path: ref,
          message: `Dependency '${name}' (module '${displayPath(
            dep.moduleDir!,
            base,
          )}') has no output '${output}'${suggest(output, outputs)}`,
          severity: 'error',
        });
      }
    }
  }
  return findings;
}

/**
 * Checks a YAML file fed to a variable of type map(object({...})): attribute
 * names and types, required attributes, and the allowed values and key pattern
 * the variable's own validation blocks state (`contains([...], n.attr)`,
 * `can(regex("...", k))`).
 */
function checkDataFile(
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
  if (findings.length || !decl.type) return findings;
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

function evalFindInParentFolders(
  expr: string,
  from: string,
): string | undefined {
  const m = /^\$\{find_in_parent_folders\("([^"]+)"\)\}$/.exec(expr.trim());
  if (!m) return undefined;
  let dir = path.dirname(from);
  for (;;) {
    const candidate = path.join(dir, m[1]);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(path.dirname(from), m[1]);
    dir = parent;
  }
}

/** Evaluates the few string expressions Terragrunt paths use here; undefined when it cannot. */
function evalString(
  value: string,
  unit: Unit,
  repoRoot: string,
  depth = 0,
): string | undefined {
  if (depth > 5) return undefined;
  let failed = false;
  const out = value.replace(
    /\$\{([^{}]*(?:\([^()]*\))?)\}/g,
    (_, expr: string) => {
      const e = expr.trim();
      if (e === 'get_repo_root()') return repoRoot;
      if (e === 'get_terragrunt_dir()') return unit.dir;
      const inc = /^include\.\w+\.locals\.(\w+)$/.exec(e);
      if (inc && unit.root) {
        const local = unit.root.json.locals?.[0]?.[inc[1]];
        if (typeof local === 'string') {
          const v = evalString(local, unit, repoRoot, depth + 1);
          if (v !== undefined) return v;
        }
      }
      failed = true;
      return '';
    },
  );
  return failed ? undefined : out;
}

function guessRepoRoot(dir: string): string {
  let d = path.resolve(dir);
  for (;;) {
    if (path.basename(d) === 'infra') return path.dirname(d);
    if (fs.existsSync(path.join(d, '.git'))) return d;
    const parent = path.dirname(d);
    if (parent === d) return path.resolve(dir);
    d = parent;
  }
}
