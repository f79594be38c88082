#!/usr/bin/env bash
# The README's start command: sets up everything on a fresh clone and starts
# the portal on its embedded defaults (SQLite under data/, guest sign-in,
# demo cluster, local chain nodes). Safe to run again; quick when set up.
#
#   scripts/start.sh            set up, start local services, start the portal
#   PORTAL_SETUP_ONLY=1 scripts/start.sh   set up only (used by the test command)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/toolchain.sh
. scripts/toolchain.sh

portal_log "Node $(node -v), Yarn $(yarn --version)"
scripts/system-deps.sh "${PORTAL_SYSTEM_DEPS:-start}"
scripts/install.sh

export PORTAL_DATA_DIR="${PORTAL_DATA_DIR:-$PWD/data}"
mkdir -p "$PORTAL_DATA_DIR/logs" "$PORTAL_DATA_DIR/sqlite"
[ "${PORTAL_SETUP_ONLY:-0}" = 1 ] && exit 0

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

# Local stand-ins for what runs elsewhere in production (demo cluster API,
# Hetzner chain nodes, a game server): each scripts/services/<name>.sh runs in
# the foreground; we run them in the background and stop them on exit. They
# stay in this script's process group, so whoever stops the portal by group
# (Playwright's webServer, Ctrl-C) stops them too.
for svc in scripts/services/*.sh; do
  [ -e "$svc" ] || continue
  name="$(basename "$svc" .sh)"
  portal_log "starting local service '$name' (log: $PORTAL_DATA_DIR/logs/$name.log)"
  "$svc" >"$PORTAL_DATA_DIR/logs/$name.log" 2>&1 &
  pids+=("$!")
done

portal_log "starting the portal: open http://localhost:3000 and click 'Enter' to sign in as guest"
portal_log "backend: http://localhost:7007 (SQLite files in $PORTAL_DATA_DIR/sqlite)"
yarn start "$@"
