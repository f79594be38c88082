#!/usr/bin/env bash
# Local tlog-witness for the provably-fair audit log (fairness-verify witness):
# cosigns each checkpoint the portal submits only when it is consistent with
# the last one it cosigned. Its own key and state live in
# $PORTAL_DATA_DIR/fairness/witness-*; its public key is written to
# witness.vkey, which app-config.yaml's fairness.witnesses reads. It waits for
# the log's development signing key (written by the backend on first start)
# and trusts only that log's public key.
#
# Runs in the foreground (scripts/start.sh backgrounds it and stops it on exit).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=scripts/toolchain.sh
. scripts/toolchain.sh

export PORTAL_DATA_DIR="${PORTAL_DATA_DIR:-$root/data}"
dir="$PORTAL_DATA_DIR/fairness"
mkdir -p "$dir"
until [ -s "$dir/dev-signing-key" ]; do sleep 1; done

cd packages/fairness-verify
log_vkey="$(node --require @backstage/cli/config/nodeTransform.cjs -e '
  const { parseSignerKey } = require("@internal/plugin-fairness-common");
  const key = require("node:fs").readFileSync(process.argv[1], "utf8");
  process.stdout.write(parseSignerKey(key).verifierKey);
' "$dir/dev-signing-key")"

exec bin/fairness-verify witness \
  --name casino-platform.local/witness \
  --log "$log_vkey" \
  --key-file "$dir/witness-key" \
  --state "$dir/witness-state.json" \
  --vkey-file "$dir/witness.vkey" \
  --host 127.0.0.1 --port "${FAIRNESS_WITNESS_PORT:-7380}"
