#!/usr/bin/env bash
# The local default's second Kubernetes API: demo-eks-prod, a smaller cluster
# of a different shape than demo-eks-dev (more Graviton, more on-demand,
# bigger nodes, its own NodePools from packages/demo-cluster/shapes/prod) on
# http://127.0.0.1:6444, bearer token demo-cluster-token. Runs in the
# foreground; scripts/start.sh backgrounds it. Deployments from the GitOps
# repository run on demo-eks-dev only.
# Size and port: DEMO_CLUSTER_PROD_NODES (120), DEMO_CLUSTER_PROD_PODS (20 per
# node), DEMO_CLUSTER_PROD_PORT (6444).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# shellcheck source=scripts/toolchain.sh
. scripts/toolchain.sh

port="${DEMO_CLUSTER_PROD_PORT:-6444}"
if curl -fsS -o /dev/null "http://127.0.0.1:${port}/readyz" 2>/dev/null; then
  echo "demo cluster already answering on 127.0.0.1:${port}; nothing to do"
  exit 0
fi
DEMO_CLUSTER_NAME=demo-eks-prod \
  DEMO_CLUSTER_PORT="$port" \
  DEMO_CLUSTER_NODES="${DEMO_CLUSTER_PROD_NODES:-120}" \
  DEMO_CLUSTER_PODS="${DEMO_CLUSTER_PROD_PODS:-}" \
  DEMO_CLUSTER_SEED=20261202 \
  DEMO_CLUSTER_KARPENTER_DIR="$PWD/packages/demo-cluster/shapes/prod" \
  DEMO_CLUSTER_GITOPS_SECONDS=0 \
  exec node --require @backstage/cli/config/nodeTransform.cjs packages/demo-cluster/src/main.ts
