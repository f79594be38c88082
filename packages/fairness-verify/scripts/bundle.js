#!/usr/bin/env node
// @ts-check
/*
 * Builds the verifier into one self-contained file, dist/fairness-verify.cjs:
 * the CLI, the shared fairness library and its hash/signature/JSON
 * dependencies, nothing else. Auditors run it with Node.js alone
 * (`node fairness-verify.cjs …`), no clone of this repository and no install.
 */
const esbuild = require('esbuild');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outfile = process.argv[2]
  ? path.resolve(process.argv[2])
  : path.join(root, 'dist', 'fairness-verify.cjs');
const { version } = require('../package.json');

esbuild
  .build({
    stdin: {
      contents: [
        "import { main } from './cli';",
        'main(process.argv.slice(2)).then(code => { process.exitCode = code; });',
      ].join('\n'),
      resolveDir: path.join(root, 'src'),
      loader: 'ts',
      sourcefile: 'fairness-verify.ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    outfile,
    banner: {
      js: `#!/usr/bin/env node\n// fairness-verify ${version}: offline verifier for provably-fair evidence bundles (single file, Node.js >= 18)`,
    },
    legalComments: 'inline',
    logLevel: 'warning',
  })
  .then(() => {
    fs.chmodSync(outfile, 0o755);
    const sha256 = crypto
      .createHash('sha256')
      .update(fs.readFileSync(outfile))
      .digest('hex');
    process.stdout.write(
      `${path.relative(process.cwd(), outfile)} (${
        fs.statSync(outfile).size
      } bytes)\nsha256 ${sha256}\n`,
    );
  })
  .catch(() => {
    process.exitCode = 1;
  });
