import fs from 'node:fs';
import path from 'node:path';

// Node's own require, also under Jest (which replaces `require` and
// `module.createRequire`, and resolves without the "import" condition these
// packages need): Node 22 loads the ESM files natively.
const nodeRequire: NodeJS.Require = (
  process as unknown as {
    getBuiltinModule(id: 'node:module'): typeof import('node:module');
  }
)
  .getBuiltinModule('node:module')
  .createRequire(__filename);

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
