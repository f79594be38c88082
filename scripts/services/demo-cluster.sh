#!/usr/bin/env bash
# The local default's Kubernetes API: a deterministic Karpenter cluster
# (packages/demo-cluster) on http://127.0.0.1:6443, bearer token
# demo-cluster-token. Runs in the foreground; scripts/start.sh backgrounds it.
# Size and behaviour: DEMO_CLUSTER_NODES (300), DEMO_CLUSTER_PODS,
# DEMO_CLUSTER_CHURN_SECONDS (60), DEMO_CLUSTER_CHURN_PER_SECOND (0.5 live
# object changes a second, seen by watches), DEMO_CLUSTER_PORT (6443),
# DEMO_CLUSTER_SEED.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=scripts/toolchain.sh
. scripts/toolchain.sh

port="${DEMO_CLUSTER_PORT:-6443}"
if curl -fsS -o /dev/null "http://127.0.0.1:${port}/readyz" 2>/dev/null; then
  echo "demo cluster already answering on 127.0.0.1:${port}; nothing to do"
  exit 0
fi
exec node --require @backstage/cli/config/nodeTransform.cjs packages/demo-cluster/src/main.ts
