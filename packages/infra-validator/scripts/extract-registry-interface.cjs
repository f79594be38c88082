#!/usr/bin/env node
/*
 * Records the input and output names of a registry module release so the
 * validator can check module calls against it without downloading the module.
 *
 * Usage: node scripts/extract-registry-interface.cjs <git-dir> <tag> <registry-source> <version>
 *   e.g. node scripts/extract-registry-interface.cjs ~/terraform-aws-vpc/.git v6.5.0 terraform-aws-modules/vpc/aws 6.5.0
 *
 * Only names (and whether an input has a default) are recorded: that is all a
 * contract check needs.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('@cdktf/hcl2json');

async function main() {
  const [gitDir, tag, source, version] = process.argv.slice(2);
  if (!version) {
    console.error(
      'usage: extract-registry-interface.cjs <git-dir> <tag> <source> <version>',
    );
    process.exit(2);
  }
  const git = (...args) =>
    execFileSync('git', ['--git-dir', gitDir, ...args], {
      encoding: 'utf8',
      maxBuffer: 64e6,
    });
  const commit = git('rev-list', '-n', '1', tag).trim();
  const files = git('ls-tree', '--name-only', tag)
    .split('\n')
    .filter(f => f.endsWith('.tf'));
  const inputs = {};
  const outputs = [];
  for (const file of files) {
    const json = await parse(file, git('show', `${tag}:${file}`));
    for (const [name, [body]] of Object.entries(json.variable ?? {})) {
      inputs[name] = { required: !('default' in body) };
    }
    outputs.push(...Object.keys(json.output ?? {}));
  }
  const out = {
    source,
    version,
    upstream: { tag, commit },
    inputs: Object.fromEntries(
      Object.entries(inputs).sort(([a], [b]) => a.localeCompare(b)),
    ),
    outputs: outputs.sort(),
  };
  const file = path.join(
    __dirname,
    '..',
    'registry-modules',
    `${source.replace(/\//g, '__')}@${version}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(
    `wrote ${file}: ${Object.keys(inputs).length} inputs, ${
      outputs.length
    } outputs`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
