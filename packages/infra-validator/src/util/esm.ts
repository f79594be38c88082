import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// Node's own require, also under Jest: Node 22 loads these ESM files natively,
// so test runs neither transform the (large) packages nor race on Jest's
// transform cache.
const nodeRequire = createRequire(__filename);

/**
 * Loads a file of an ESM-only package by path.
 *
 * kubernetes-models and @kubernetes-models/* publish ESM under the "import"
 * export condition only, which `require()` cannot resolve. Node 22 can
 * require() an ESM file by its path, so find the package directory the way
 * Node would and load the file directly.
 */
export function requireEsmOnly<T = any>(pkg: string, file: string): T {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(dir, pkg, file);
    if (fs.existsSync(candidate)) {
      return nodeRequire(candidate);
    }
  }
  throw new Error(
    `Unable to find '${file}' of package '${pkg}'; is it installed?`,
  );
}
