#!/usr/bin/env bash
# Demo game server for the provably-fair audit log: plays rounds for a few
# pseudonymous players and reports them through the portal's real ingest API
# (POST /api/fairness/rounds/batch) with the static service token
# FAIRNESS_DEMO_TOKEN, rotating and revealing server seeds every
# FAIRNESS_DEMO_ROTATE_SECONDS (default 180). Waits for the backend and keeps
# retrying while it is down; state (seeds, nonces) lives in data/demo-game-server/.
#
# Runs in the foreground (scripts/start.sh backgrounds it and stops it on exit).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/toolchain.sh

export FAIRNESS_DEMO_TOKEN="${FAIRNESS_DEMO_TOKEN:-demo-game-server-local-token}"
export PORTAL_DATA_DIR="${PORTAL_DATA_DIR:-$root/data}"
mkdir -p "$PORTAL_DATA_DIR/demo-game-server"
cd packages/demo-game-server
exec node --require @backstage/cli/config/nodeTransform.cjs src/main.ts
