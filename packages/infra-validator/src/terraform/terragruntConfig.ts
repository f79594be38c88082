import fs from 'node:fs';
import path from 'node:path';
import { Finding } from '../types';
import { displayPath, escapeRegExp, findLine } from '../util/files';
import { blocks, HclFile } from './parseHcl';

/** One file of a unit's configuration: an included file or the unit's own. */
export interface ConfigLayer {
  /** The include block's label; undefined for the unit's own terragrunt.hcl */
  includeName?: string;
  hcl: HclFile;
  shown: string;
  /** The include block's merge_strategy (Terragrunt's default is shallow) */
  mergeStrategy?: string;
}

/** Where a merged attribute or block came from. */
export interface FromLayer<T> {
  value: T;
  layer: ConfigLayer;
}

/**
 * A unit's configuration as Terragrunt runs it: its included files merged in
 * the order of the include blocks, then the unit's own file over them (a later
 * file's attribute replaces an earlier one's; dependency blocks with the same
 * label are combined; `dependencies.paths` are concatenated).
 */
export interface EffectiveUnit {
  dir: string;
  layers: ConfigLayer[];
  source?: FromLayer<string>;
  inputs: Map<string, FromLayer<unknown>>;
  dependencies: Map<string, FromLayer<Record<string, any>>>;
  dependencyPaths: Array<FromLayer<string>>;
  /** Inputs a later file sets again */
  overridden: Array<{
    name: string;
    earlier: FromLayer<unknown>;
    later: FromLayer<unknown>;
  }>;
}

export interface EvalContext {
  unitDir: string;
  repoRoot: string;
  /** The file the expression is written in (for `local.x`) */
  layer: ConfigLayer;
  /** Exposed includes of the unit, by label (for `include.<label>.locals.x`) */
  exposed: Map<string, ConfigLayer>;
}

/**
 * Resolves a unit's include blocks and merges the files. An included file is
 * evaluated in the unit's context, as Terragrunt does: `get_terragrunt_dir()`
 * and `find_in_parent_folders()` start from the unit's folder.
 */
export function resolveUnit(
  unitDir: string,
  own: ConfigLayer,
  parsed: Map<string, HclFile>,
  repoRoot: string,
  base?: string,
): { unit: EffectiveUnit; findings: Finding[] } {
  const findings: Finding[] = [];
  const included: ConfigLayer[] = [];
  const exposed = new Map<string, ConfigLayer>();
  const ctx: EvalContext = { unitDir, repoRoot, layer: own, exposed };

  // hcl2json sorts block labels; Terragrunt merges in the order written
  const includes = blocks(own.hcl.json, 'include')
    .map(([name, body]) => ({
      name,
      body,
      line: findLine(
        own.hcl.source,
        new RegExp(`^\\s*include\\s+"${escapeRegExp(name)}"`),
      ),
    }))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  for (const { name, body, line } of includes) {
    const raw = String(body.path ?? '');
    const target = evalTerragruntString(raw, ctx);
    const at = { file: own.shown, line, path: `include.${name}.path` };
    if (target === undefined) {
      findings.push({
        ...at,
        message: `Cannot resolve include path ${raw}`,
        severity: 'warning',
      });
      continue;
    }
    const file = path.resolve(unitDir, target);
    const hcl = parsed.get(file);
    if (!fs.existsSync(file)) {
      findings.push({
        ...at,
        message: `Included file '${displayPath(file, base)}' does not exist`,
        severity: 'error',
      });
      continue;
    }
    if (!hcl) continue; // outside the tree, or a syntax error reported already
    const layer: ConfigLayer = {
      includeName: name,
      hcl,
      shown: displayPath(file, base),
      mergeStrategy:
        typeof body.merge_strategy === 'string'
          ? body.merge_strategy
          : undefined,
    };
    if (body.expose === true) exposed.set(name, layer);
    if (body.merge_strategy === 'no_merge') continue;
    included.push(layer);
  }

  const unit: EffectiveUnit = {
    dir: unitDir,
    layers: [...included, own],
    inputs: new Map(),
    dependencies: new Map(),
    dependencyPaths: [],
    overridden: [],
  };
  for (const layer of unit.layers) {
    const json = layer.hcl.json;
    const source = json.terraform?.[0]?.source;
    if (source !== undefined) unit.source = { value: String(source), layer };
    for (const [name, value] of Object.entries(json.inputs ?? {})) {
      const earlier = unit.inputs.get(name);
      if (earlier)
        unit.overridden.push({ name, earlier, later: { value, layer } });
      unit.inputs.set(name, { value, layer });
    }
    for (const [name, body] of blocks(json, 'dependency')) {
      const earlier = unit.dependencies.get(name)?.value ?? {};
      unit.dependencies.set(name, { value: { ...earlier, ...body }, layer });
    }
    for (const body of json.dependencies ?? []) {
      for (const p of body.paths ?? [])
        unit.dependencyPaths.push({ value: String(p), layer });
    }
  }
  return { unit, findings };
}

/**
 * Evaluates the string expressions Terragrunt paths use here:
 * `get_repo_root()`, `get_terragrunt_dir()`, `find_in_parent_folders("x")`,
 * `dirname(...)`, `local.x` and `include.<label>.locals.x` holding such
 * strings. Returns undefined for anything else.
 */
export function evalTerragruntString(
  value: string,
  ctx: EvalContext,
  depth = 0,
): string | undefined {
  if (depth > 5) return undefined;
  let failed = false;
  const out = value.replace(/\$\{([^{}]*)\}/g, (_, expr: string) => {
    const v = evalExpression(expr.trim(), ctx, depth);
    if (v === undefined) failed = true;
    return v ?? '';
  });
  return failed ? undefined : out;
}

function evalExpression(
  e: string,
  ctx: EvalContext,
  depth: number,
): string | undefined {
  if (e === 'get_repo_root()') return ctx.repoRoot;
  if (e === 'get_terragrunt_dir()') return ctx.unitDir;
  const dirname = /^dirname\((.*)\)$/.exec(e);
  if (dirname) {
    const inner = evalExpression(dirname[1].trim(), ctx, depth);
    return inner === undefined ? undefined : path.dirname(inner);
  }
  const find = /^find_in_parent_folders\("([^"]+)"\)$/.exec(e);
  if (find) return findInParentFolders(find[1], ctx.unitDir);
  const str = /^"([^"\\$]*)"$/.exec(e);
  if (str) return str[1];

  let local: unknown;
  let layer: ConfigLayer | undefined;
  const own = /^local\.(\w+)$/.exec(e);
  const inc = /^include\.(\w+)\.locals\.(\w+)$/.exec(e);
  if (own) {
    layer = ctx.layer;
    local = layer.hcl.json.locals?.[0]?.[own[1]];
  } else if (inc) {
    layer = ctx.exposed.get(inc[1]);
    local = layer?.hcl.json.locals?.[0]?.[inc[2]];
  }
  if (layer && typeof local === 'string') {
    return evalTerragruntString(local, { ...ctx, layer }, depth + 1);
  }
  return undefined;
}

/** Terragrunt's find_in_parent_folders: from the unit's parent folder upwards. */
function findInParentFolders(name: string, unitDir: string): string {
  let dir = path.dirname(unitDir);
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(path.dirname(unitDir), name);
    dir = parent;
  }
}
