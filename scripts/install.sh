#!/usr/bin/env bash
# Installs the workspace's dependencies exactly as yarn.lock pins them, and
# skips the work when nothing changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/toolchain.sh
. scripts/toolchain.sh

stamp=node_modules/.portal-install-stamp
want="$(cat yarn.lock package.json packages/*/package.json plugins/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1) $(node -v)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
portal_log "installing dependencies (yarn install --immutable; first run takes a few minutes)"
yarn install --immutable
echo "$want" >"$stamp"
