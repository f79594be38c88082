#!/usr/bin/env bash
# The README's test command: sets everything up on a fresh clone, then runs
# the whole suite — type check, ESLint, lint of scripts and YAML, every package's
# jest tests (database tests on SQLite and the local PostgreSQL), the
# production image booted for real, and the end-to-end journeys in Debian's
# Chromium.
#
#   scripts/test.sh              everything
#   scripts/test.sh --no-e2e     skip the browser journeys
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/toolchain.sh
. scripts/toolchain.sh

run_e2e=1
for arg in "$@"; do
  case "$arg" in
    --no-e2e) run_e2e=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

started=$SECONDS
step() { portal_log "[$((SECONDS - started))s] $*"; }

step "setting up (toolchain, Debian packages, dependencies)"
PORTAL_SYSTEM_DEPS=test PORTAL_SETUP_ONLY=1 scripts/start.sh

# Database tests run on SQLite always and on PostgreSQL when it answers.
pg_url="${PORTAL_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
if pg_isready -q -d "$pg_url" 2>/dev/null || node -e "
  const net=require('net');const u=new URL(process.argv[1]);
  const s=net.connect(Number(u.port||5432),u.hostname,()=>process.exit(0));
  s.on('error',()=>process.exit(1));" "$pg_url"; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$pg_url"
  step "PostgreSQL at $pg_url: database tests run on SQLite and PostgreSQL"
else
  portal_log "WARNING: PostgreSQL at $pg_url is not reachable — database tests will SKIP PostgreSQL and run on SQLite only"
fi
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export CI=1

step "type check (tsc, the plugins' bench scripts included)"
yarn tsc

step "lint (ESLint in every package: yarn lint:all) and formatting (yarn prettier:check)"
yarn lint:all
yarn prettier:check

step "shellcheck, yamllint and the infra validator"
shellcheck -x scripts/*.sh scripts/services/*.sh .ci/run
yamllint -s -c .yamllint.yaml infra catalog .github
node packages/infra-validator/bin/infra-validate .

step "unit, integration and database tests (jest)"
yarn backstage-cli repo test --maxWorkers=2

if [ "$run_e2e" = 1 ]; then
  step "end-to-end journeys in Chromium (starts the portal with scripts/start.sh)"
  PORTAL_DATA_DIR="$(mktemp -d)"
  export PORTAL_DATA_DIR
  yarn playwright test
fi

# The production image as it will run: the bundle laid out by the Dockerfile's
# own script and booted with the production config (needs PostgreSQL).
if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  step "production image booted for real (yarn build:backend, scripts/production-layout.sh, packages/backend/src/production)"
  yarn build:backend
  PORTAL_TEST_PRODUCTION=1 yarn workspace backend test src/production
else
  portal_log "WARNING: no PostgreSQL — SKIPPING the production image test (packages/backend/src/production)"
fi

step "all tests passed"
