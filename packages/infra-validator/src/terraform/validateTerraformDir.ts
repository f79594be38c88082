import fs from 'node:fs';
import path from 'node:path';
import { Finding } from '../types';
import {
  collectStrings,
  displayPath,
  escapeRegExp,
  findLine,
} from '../util/files';
import {
  clearModuleCache,
  loadModule,
  ModuleCall,
  TerraformModule,
} from './loadModule';
import { knownRegistryModules } from './registryModules';

/** @public */
export interface TerraformValidationOptions {
  /** Directory that finding paths are shown relative to */
  baseDir?: string;
  /** Also require the module file layout (main.tf, variables.tf, outputs.tf, versions.tf, README.md) */
  requireModuleLayout?: boolean;
  /** @internal Reuse modules parsed earlier in the same run (validateRepo) */
  reuseParsedModules?: boolean;
}

const REGISTRY_SOURCE = /^([a-z0-9-]+)\/([a-z0-9-]+)\/([a-z0-9]+)(\/\/.*)?$/i;
const EXACT_VERSION = /^=?\s*v?\d+\.\d+\.\d+$/;
const BUILTIN_PROVIDERS = new Set(['terraform']);
const MODULE_LAYOUT = [
  'main.tf',
  'variables.tf',
  'outputs.tf',
  'versions.tf',
  'README.md',
];

/** True when a version constraint has an upper bound (`~>`, `<`, `<=` or an exact version). */
export function isPinnedConstraint(constraint: string | undefined): boolean {
  if (!constraint) return false;
  return constraint
    .split(',')
    .map(c => c.trim())
    .some(
      c => c.startsWith('~>') || c.startsWith('<') || EXACT_VERSION.test(c),
    );
}

/**
 * Checks one Terraform module directory: HCL syntax, the contract of every
 * module it calls, variable and output references, and version pinning.
 *
 * @public
 */
export async function validateTerraformDir(
  dir: string,
  options: TerraformValidationOptions = {},
): Promise<Finding[]> {
  const base = options.baseDir;
  if (!options.reuseParsedModules) clearModuleCache();
  const mod = await loadModule(dir, base);
  const findings: Finding[] = [...mod.findings];
  const shownDir = displayPath(dir, base);

  if (options.requireModuleLayout) {
    for (const f of MODULE_LAYOUT) {
      if (!fs.existsSync(path.join(dir, f))) {
        findings.push({
          file: path.join(shownDir, f),
          message: `Module '${shownDir}' has no ${f}; modules have main.tf, variables.tf, outputs.tf, versions.tf and README.md`,
          severity: 'warning',
        });
      }
    }
  }

  findings.push(...checkVariableReferences(mod, base));
  findings.push(...checkProviders(mod, shownDir));
  for (const call of mod.moduleCalls)
    findings.push(...(await checkModuleCall(mod, call, base)));
  findings.push(...(await checkModuleOutputReferences(mod, base)));
  return findings;
}

function checkVariableReferences(
  mod: TerraformModule,
  base?: string,
): Finding[] {
  const findings: Finding[] = [];
  const used = new Set<string>();
  for (const hcl of mod.files) {
    const shown = displayPath(hcl.file, base);
    const reported = new Set<string>();
    for (const s of collectStrings(hcl.json)) {
      if (!s.includes('${')) continue;
      for (const m of s.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)) {
        used.add(m[1]);
        if (!mod.variables.has(m[1]) && !reported.has(m[1])) {
          reported.add(m[1]);
          findings.push({
            file: shown,
            line: findLine(
              hcl.source,
              new RegExp(`\\bvar\\.${escapeRegExp(m[1])}\\b`),
            ),
            path: `var.${m[1]}`,
            message: `Reference to undeclared variable '${m[1]}'${suggest(
              m[1],
              [...mod.variables.keys()],
            )}; declare it in variables.tf`,
            severity: 'error',
          });
        }
      }
    }
  }
  for (const v of mod.variables.values()) {
    if (!used.has(v.name)) {
      findings.push({
        file: v.file,
        line: v.line,
        path: `var.${v.name}`,
        message: `Variable '${v.name}' is declared but never used`,
        severity: 'warning',
      });
    }
  }
  return findings;
}

function checkProviders(mod: TerraformModule, shownDir: string): Finding[] {
  const findings: Finding[] = [];
  for (const [local, rp] of mod.requiredProviders) {
    if (!rp.source) {
      findings.push({
        file: rp.file,
        line: rp.line,
        path: `required_providers.${local}`,
        message: `Provider '${local}' has no source; write e.g. source = "hashicorp/${local}"`,
        severity: 'error',
      });
    }
    if (!isPinnedConstraint(rp.version)) {
      findings.push({
        file: rp.file,
        line: rp.line,
        path: `required_providers.${local}`,
        message: rp.version
          ? `Provider '${local}' version "${rp.version}" has no upper bound; pin it with "~> X.Y" so a new major release cannot break the module`
          : `Provider '${local}' is not version-pinned; add version = "~> X.Y"`,
        severity: 'error',
      });
    }
  }
  for (const [type, where] of mod.resourceTypes) {
    const provider = type.split('_')[0];
    if (
      !BUILTIN_PROVIDERS.has(provider) &&
      !mod.requiredProviders.has(provider)
    ) {
      findings.push({
        file: where.file,
        line: where.line,
        path: type,
        message: `'${type}' comes from provider '${provider}', which is not in required_providers of '${shownDir}'; add it with a pinned version to versions.tf`,
        severity: 'error',
      });
    }
  }
  return findings;
}

async function checkModuleCall(
  mod: TerraformModule,
  call: ModuleCall,
  base?: string,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const file = displayPath(call.file.file, base);
  const argLine = (arg: string) =>
    findLine(
      call.file.source,
      new RegExp(`^\\s*${escapeRegExp(arg)}\\s*=`),
      call.line,
    ) ?? call.line;

  let inputs: Map<string, boolean>;
  let label: string;
  if (call.source.startsWith('./') || call.source.startsWith('../')) {
    const target = path.resolve(mod.dir, call.source);
    if (!fs.existsSync(target)) {
      return [
        {
          file,
          line: call.line,
          path: `module.${call.name}.source`,
          message: `Module source '${call.source}' does not exist`,
          severity: 'error',
        },
      ];
    }
    const called = await loadModule(target, base);
    inputs = new Map(
      [...called.variables.values()].map(v => [v.name, v.required]),
    );
    label = `module '${call.source}'`;
  } else {
    const m = REGISTRY_SOURCE.exec(call.source);
    if (!m) return findings; // git/http sources: nothing to check offline
    const registrySource = `${m[1]}/${m[2]}/${m[3]}`;
    if (m[4]) return findings; // submodules are not recorded
    const known = knownRegistryModules().get(registrySource);
    if (!call.version || !EXACT_VERSION.test(call.version.trim())) {
      findings.push({
        file,
        line: argLine('version'),
        path: `module.${call.name}.version`,
        message: call.version
          ? `Registry module '${registrySource}' version "${
              call.version
            }" is a range; pin an exact version${
              known ? ` ("${known.version}")` : ''
            }`
          : `Registry module '${registrySource}' has no version; pin an exact version${
              known ? ` ("${known.version}")` : ''
            }`,
        severity: 'error',
      });
    } else if (
      known &&
      call.version.replace(/^=?\s*v?/, '') !== known.version
    ) {
      findings.push({
        file,
        line: argLine('version'),
        path: `module.${call.name}.version`,
        message: `Registry module '${registrySource}' is pinned to ${call.version}, but the platform uses ${known.version}`,
        severity: 'error',
      });
    }
    if (!known) return findings;
    inputs = new Map(
      Object.entries(known.inputs).map(([k, v]) => [k, v.required]),
    );
    label = `'${registrySource}' ${known.version}`;
  }

  for (const arg of Object.keys(call.args)) {
    if (!inputs.has(arg)) {
      findings.push({
        file,
        line: argLine(arg),
        path: `module.${call.name}.${arg}`,
        message: `${label} has no input '${arg}'${suggest(arg, [
          ...inputs.keys(),
        ])}`,
        severity: 'error',
      });
    }
  }
  for (const [input, required] of inputs) {
    if (required && !(input in call.args)) {
      findings.push({
        file,
        line: call.line,
        path: `module.${call.name}`,
        message: `Required input '${input}' of ${label} is not set`,
        severity: 'error',
      });
    }
  }
  return findings;
}

async function checkModuleOutputReferences(
  mod: TerraformModule,
  base?: string,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const calls = new Map(mod.moduleCalls.map(c => [c.name, c]));
  for (const hcl of mod.files) {
    const shown = displayPath(hcl.file, base);
    const seen = new Set<string>();
    for (const s of collectStrings(hcl.json)) {
      if (!s.includes('${')) continue;
      for (const m of s.matchAll(
        /\bmodule\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([A-Za-z_][\w-]*)/g,
      )) {
        const [ref, name, output] = m;
        if (seen.has(ref)) continue;
        seen.add(ref);
        const line = findLine(
          hcl.source,
          new RegExp(escapeRegExp(`module.${name}`)),
        );
        const call = calls.get(name);
        if (!call) {
          findings.push({
            file: shown,
            line,
            path: ref,
            message: `Reference to undeclared module '${name}'`,
            severity: 'error',
          });
          continue;
        }
        const outputs = await outputsOf(mod, call, base);
        if (outputs && !outputs.includes(output)) {
          findings.push({
            file: shown,
            line,
            path: ref,
            message: `Module '${name}' has no output '${output}'${suggest(
              output,
              outputs,
            )}`,
            severity: 'error',
          });
        }
      }
    }
  }
  return findings;
}

async function outputsOf(
  mod: TerraformModule,
  call: ModuleCall,
  base?: string,
): Promise<string[] | undefined> {
  if (call.source.startsWith('./') || call.source.startsWith('../')) {
    const target = path.resolve(mod.dir, call.source);
    if (!fs.existsSync(target)) return undefined;
    return [...(await loadModule(target, base)).outputs.keys()];
  }
  const m = REGISTRY_SOURCE.exec(call.source);
  if (!m || m[4]) return undefined;
  return knownRegistryModules().get(`${m[1]}/${m[2]}/${m[3]}`)?.outputs;
}

/** ", did you mean 'x'?" for a close match (edit distance <= 2). */
export function suggest(name: string, candidates: string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best ? `; did you mean '${best}'?` : '';
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(
        dp[i - 1][j] + 1,
        dp[i][j - 1] + 1,
        dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return dp[a.length][b.length];
}
