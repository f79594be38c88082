#!/usr/bin/env bash
# Local chain nodes for the Chain nodes page: three Hardhat 3 JSON-RPC nodes of
# the local chain "casino-local" (chain id 31337) on 127.0.0.1:8545-8547.
# 8545 and 8546 mine a block every second (healthy); 8547 mines every 5 seconds
# and falls behind the chain head (lagging). The catalog also lists a fourth
# node on 127.0.0.1:8548 that is never started (down).
#
# Runs in the foreground (scripts/start.sh backgrounds it and stops it on exit);
# state and Hardhat's scratch files live under data/chain-nodes/. Nodes that are
# already serving the local chain are left alone, so a second run is harmless.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. scripts/toolchain.sh

if [ ! -f node_modules/hardhat/package.json ]; then
  echo "[chain-nodes] installing workspace dependencies (hardhat)" >&2
  yarn install >&2
fi

export CHAIN_NODES_STATE_DIR="$root/data/chain-nodes"
mkdir -p "$CHAIN_NODES_STATE_DIR"
exec node packages/chain-nodes-dev/src/startNodes.mjs "$@"
