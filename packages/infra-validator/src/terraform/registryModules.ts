import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/** Input and output names of one registry module release (see scripts/extract-registry-interface.cjs). */
export interface RegistryModuleInterface {
  source: string;
  version: string;
  upstream: { tag: string; commit: string };
  inputs: Record<string, { required: boolean }>;
  outputs: string[];
}

const DIR = resolvePackagePath('@internal/infra-validator', 'registry-modules');

let cache: Map<string, RegistryModuleInterface> | undefined;

/** Registry modules the platform pins, by source: the version is the one allowed. */
export function knownRegistryModules(): Map<string, RegistryModuleInterface> {
  if (!cache) {
    cache = new Map();
    for (const f of fs.readdirSync(DIR).filter(n => n.endsWith('.json'))) {
      const mod: RegistryModuleInterface = JSON.parse(
        fs.readFileSync(path.join(DIR, f), 'utf8'),
      );
      cache.set(mod.source, mod);
    }
  }
  return cache;
}
