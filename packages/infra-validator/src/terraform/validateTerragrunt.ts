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
import { checkDataFile } from './checkDataFile';
import { clearModuleCache, loadModule, TerraformModule } from './loadModule';
import { HclFile, parseHclFile, unwrapExpression } from './parseHcl';
import {
  ConfigLayer,
  EffectiveUnit,
  EvalContext,
  evalTerragruntString,
  resolveUnit,
} from './terragruntConfig';
import { suggest } from './validateTerraformDir';

/** @public */
export interface TerragruntValidationOptions {
  /** What `get_repo_root()` returns; defaults to the parent of the `infra` directory containing `dir` */
  repoRoot?: string;
  baseDir?: string;
  /** @internal Reuse modules parsed earlier in the same run (validateRepo) */
  reuseParsedModules?: boolean;
}

interface Unit extends EffectiveUnit {
  own: ConfigLayer;
  exposed: Map<string, ConfigLayer>;
  module?: TerraformModule;
  moduleDir?: string;
}

/**
 * Checks a Terragrunt tree: every .hcl parses; every unit's includes exist;
 * the unit's `terraform.source` resolves to a module; its inputs are variables
 * the module declares and set every required one; every
 * `dependency.<x>.outputs.<y>` it reads (and every mock output) is an output
 * of the dependency's module. A unit is checked as Terragrunt runs it: merged
 * with the files it includes (root.hcl, _envcommon/<unit>.hcl), and a finding
 * points at the file that holds the offending line.
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
    const own = { hcl, shown: displayPath(file, base) };
    const { unit, findings: includeFindings } = resolveUnit(
      unitDir,
      own,
      parsed,
      repoRoot,
      base,
    );
    findings.push(...includeFindings);
    units.set(unitDir, { ...unit, own, exposed: exposedOf(unit, own) });
  }

  // Resolve module sources first: dependencies need them
  for (const unit of units.values()) {
    if (!unit.source) {
      findings.push({
        file: unit.own.shown,
        message:
          'Unit has no terraform { source = ... }, neither in its file nor in an included one',
        severity: 'error',
      });
      continue;
    }
    const { value: source, layer } = unit.source;
    const resolved = evalTerragruntString(
      source,
      evalContext(unit, layer, repoRoot),
    );
    const at = {
      file: layer.shown,
      line: findLine(layer.hcl.source, /^\s*source\s*=/),
      path: 'terraform.source',
    };
    if (resolved === undefined) {
      findings.push({
        ...at,
        message: `Cannot resolve terraform source ${source}`,
        severity: 'warning',
      });
      continue;
    }
    if (/^[a-z]+::|^git@|^https?:/.test(resolved)) continue; // remote: nothing to check offline
    const moduleDir = path.resolve(unit.dir, resolved.replace('//', '/'));
    if (!fs.existsSync(moduleDir)) {
      findings.push({
        ...at,
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
    findings.push(...checkDependencies(unit, units, repoRoot, base));
  }
  return dedupe(findings);
}

function checkInputs(unit: Unit, repoRoot: string, base?: string): Finding[] {
  const findings: Finding[] = [];
  const mod = unit.module;
  if (!mod) return findings;
  const moduleName = displayPath(mod.dir, base);

  for (const [name, { value, layer }] of unit.inputs) {
    // root.hcl's inputs (tags) go to every module; Terraform ignores the
    // ones a module does not declare
    if (isRoot(layer)) continue;
    const decl = mod.variables.get(name);
    const line = findLine(
      layer.hcl.source,
      new RegExp(`^\\s*${escapeRegExp(name)}\\s*=`),
    );
    if (!decl) {
      findings.push({
        file: layer.shown,
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
      const dataFile = evalTerragruntString(
        fileArg[1],
        evalContext(unit, layer, repoRoot),
      );
      if (dataFile)
        findings.push(
          ...checkDataFile(path.resolve(unit.dir, dataFile), decl, base),
        );
    }
  }
  // A deep merge concatenates lists instead of replacing them
  for (const { name, earlier, later } of unit.overridden) {
    const type = mod.variables.get(name)?.type?.trim() ?? '';
    const isList =
      Array.isArray(earlier.value) ||
      Array.isArray(later.value) ||
      /^(list|set|tuple)\(/.test(type);
    if (earlier.layer.mergeStrategy === 'deep' && isList) {
      findings.push({
        file: later.layer.shown,
        line: findLine(
          later.layer.hcl.source,
          new RegExp(`^\\s*${escapeRegExp(name)}\\s*=`),
        ),
        path: `inputs.${name}`,
        message: `List '${name}' is also set in '${earlier.layer.shown}', included with merge_strategy = "deep": Terragrunt concatenates the two lists; set it in one file only`,
        severity: 'warning',
      });
    }
  }
  for (const v of mod.variables.values()) {
    if (v.required && !unit.inputs.has(v.name)) {
      const own = unit.own;
      findings.push({
        file: own.shown,
        line:
          findLine(own.hcl.source, /^\s*inputs\s*=/) ??
          findLine(own.hcl.source, /^\s*include\s+"/),
        path: 'inputs',
        message: `Required variable '${
          v.name
        }' of module '${moduleName}' is not set (${v.file}:${
          v.line ?? '?'
        })${setNowhere(unit)}`,
        severity: 'error',
      });
    }
  }
  return findings;
}

function checkDependencies(
  unit: Unit,
  units: Map<string, Unit>,
  repoRoot: string,
  base?: string,
): Finding[] {
  const findings: Finding[] = [];
  const deps = new Map<string, Unit | undefined>();

  for (const [name, { value: body, layer }] of unit.dependencies) {
    const line = findLine(
      layer.hcl.source,
      new RegExp(`^\\s*dependency\\s+"${escapeRegExp(name)}"`),
    );
    const configPath = String(body.config_path ?? '');
    const resolved = evalTerragruntString(
      configPath,
      evalContext(unit, layer, repoRoot),
    );
    if (resolved === undefined) {
      findings.push({
        file: layer.shown,
        line,
        path: `dependency.${name}.config_path`,
        message: `Cannot resolve config_path ${configPath}`,
        severity: 'warning',
      });
      deps.set(name, undefined);
      continue;
    }
    const target = path.resolve(unit.dir, resolved);
    const dep = units.get(target);
    deps.set(name, dep);
    if (!dep) {
      findings.push({
        file: layer.shown,
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
          file: layer.shown,
          line: findLine(
            layer.hcl.source,
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
  for (const { value: p, layer } of unit.dependencyPaths) {
    const resolved = evalTerragruntString(
      p,
      evalContext(unit, layer, repoRoot),
    );
    if (
      resolved === undefined ||
      !units.has(path.resolve(unit.dir, resolved))
    ) {
      findings.push({
        file: layer.shown,
        line: findLine(layer.hcl.source, /^\s*paths\s*=/),
        path: 'dependencies.paths',
        message: `'${
          resolved === undefined
            ? p
            : displayPath(path.resolve(unit.dir, resolved), base)
        }' is not a Terragrunt unit`,
        severity: 'error',
      });
    }
  }

  for (const layer of unit.layers) {
    const seen = new Set<string>();
    for (const s of collectStrings(layer.hcl.json)) {
      for (const m of s.matchAll(
        /\bdependency\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g,
      )) {
        const [ref, name, output] = m;
        if (seen.has(ref)) continue;
        seen.add(ref);
        const line = findLine(layer.hcl.source, new RegExp(escapeRegExp(ref)));
        if (!deps.has(name)) {
          findings.push({
            file: layer.shown,
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
            file: layer.shown,
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
  }
  return findings;
}

function exposedOf(unit: EffectiveUnit, own: ConfigLayer) {
  const exposed = new Map<string, ConfigLayer>();
  for (const layer of unit.layers) {
    if (layer !== own && layer.includeName)
      exposed.set(layer.includeName, layer);
  }
  return exposed;
}

function evalContext(
  unit: Unit,
  layer: ConfigLayer,
  repoRoot: string,
): EvalContext {
  return { unitDir: unit.dir, repoRoot, layer, exposed: unit.exposed };
}

function isRoot(layer: ConfigLayer) {
  return path.basename(layer.hcl.file) === 'root.hcl';
}

/** "; looked in the unit and root.hcl, _envcommon/x.hcl" when the unit includes files */
function setNowhere(unit: Unit): string {
  const included = unit.layers
    .filter(l => l !== unit.own)
    .map(l =>
      path.basename(path.dirname(l.hcl.file)) === '_envcommon'
        ? `_envcommon/${path.basename(l.hcl.file)}`
        : path.basename(l.hcl.file),
    );
  return included.length
    ? `; looked in the unit and ${included.join(', ')}`
    : '';
}

/** A finding in a shared include would otherwise repeat once per unit. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter(f => {
    const key = JSON.stringify([f.file, f.line, f.path, f.message, f.severity]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
