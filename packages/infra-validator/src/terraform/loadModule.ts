import fs from 'node:fs';
import path from 'node:path';
import { Finding } from '../types';
import { displayPath, escapeRegExp, findLine } from '../util/files';
import { blocks, HclFile, parseHclFile } from './parseHcl';

export interface VariableDecl {
  name: string;
  required: boolean;
  /** The type expression as written, e.g. `map(object({...}))` */
  type?: string;
  /** Condition expressions of the variable's validation blocks */
  validations: string[];
  file: string;
  line?: number;
}

export interface ModuleCall {
  name: string;
  source: string;
  version?: string;
  /** Arguments passed, excluding meta-arguments */
  args: Record<string, unknown>;
  file: HclFile;
  line?: number;
}

/** A Terraform module directory: every .tf file in it, parsed. */
export interface TerraformModule {
  dir: string;
  files: HclFile[];
  variables: Map<string, VariableDecl>;
  outputs: Map<string, { file: string; line?: number }>;
  moduleCalls: ModuleCall[];
  /** required_providers entries by local name */
  requiredProviders: Map<
    string,
    { source?: string; version?: string; file: string; line?: number }
  >;
  /** Resource and data source types used, e.g. `aws_iam_role` */
  resourceTypes: Map<string, { file: string; line?: number }>;
  /** Syntax errors */
  findings: Finding[];
}

const META_ARGS = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'providers',
  'depends_on',
]);

const cache = new Map<string, Promise<TerraformModule>>();

/** Parses a module directory once per process run (keyed by absolute path). */
export function loadModule(
  dir: string,
  base?: string,
): Promise<TerraformModule> {
  const key = path.resolve(dir);
  let p = cache.get(key);
  if (!p) {
    p = loadModuleUncached(key, base);
    cache.set(key, p);
  }
  return p;
}

/** Forgets parsed modules (for long-running callers such as the scaffolder). */
export function clearModuleCache() {
  cache.clear();
}

async function loadModuleUncached(
  dir: string,
  base?: string,
): Promise<TerraformModule> {
  const mod: TerraformModule = {
    dir,
    files: [],
    variables: new Map(),
    outputs: new Map(),
    moduleCalls: [],
    requiredProviders: new Map(),
    resourceTypes: new Map(),
    findings: [],
  };
  const tfFiles = fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.tf'))
    .sort()
    .map(f => path.join(dir, f));

  for (const file of tfFiles) {
    const shown = displayPath(file, base);
    const { parsed, finding } = await parseHclFile(file, shown);
    if (finding) {
      mod.findings.push(finding);
      continue;
    }
    const hcl = parsed!;
    mod.files.push(hcl);
    const src = hcl.source;

    for (const [name, body] of blocks(hcl.json, 'variable')) {
      mod.variables.set(name, {
        name,
        required: !('default' in body),
        type:
          typeof body.type === 'string'
            ? body.type.replace(/^\$\{([\s\S]*)\}$/, '$1')
            : undefined,
        validations: (body.validation ?? []).map((v: any) =>
          String(v.condition ?? ''),
        ),
        file: shown,
        line: findLine(
          src,
          new RegExp(`^\\s*variable\\s+"${escapeRegExp(name)}"`),
        ),
      });
    }
    for (const [name] of blocks(hcl.json, 'output')) {
      mod.outputs.set(name, {
        file: shown,
        line: findLine(
          src,
          new RegExp(`^\\s*output\\s+"${escapeRegExp(name)}"`),
        ),
      });
    }
    for (const [name, body] of blocks(hcl.json, 'module')) {
      const args: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body))
        if (!META_ARGS.has(k)) args[k] = v;
      mod.moduleCalls.push({
        name,
        source: String(body.source ?? ''),
        version: body.version === undefined ? undefined : String(body.version),
        args,
        file: hcl,
        line: findLine(
          src,
          new RegExp(`^\\s*module\\s+"${escapeRegExp(name)}"`),
        ),
      });
    }
    for (const type of ['resource', 'data']) {
      for (const [resourceType] of Object.entries(hcl.json[type] ?? {})) {
        if (!mod.resourceTypes.has(resourceType)) {
          mod.resourceTypes.set(resourceType, {
            file: shown,
            line: findLine(
              src,
              new RegExp(`^\\s*${type}\\s+"${escapeRegExp(resourceType)}"`),
            ),
          });
        }
      }
    }
    for (const terraform of hcl.json.terraform ?? []) {
      for (const rp of terraform.required_providers ?? []) {
        for (const [local, spec] of Object.entries<any>(rp)) {
          mod.requiredProviders.set(local, {
            source: typeof spec === 'object' ? spec.source : undefined,
            version: typeof spec === 'object' ? spec.version : String(spec),
            file: shown,
            line: findLine(src, new RegExp(`^\\s*${escapeRegExp(local)}\\s*=`)),
          });
        }
      }
    }
  }
  return mod;
}
