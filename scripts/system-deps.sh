#!/usr/bin/env bash
# Installs the Debian packages the portal and its tests need, if missing:
#   chromium         end-to-end tests (Playwright drives Debian's browser)
#   mkdocs, mkdocs-material   TechDocs generation (runIn: local)
#   yamllint, shellcheck      lint steps of the test command
#   golang-go        builds the Go service the scaffolder template creates
#   golang-github-masterminds-sprig-dev, golang-k8s-sigs-yaml-dev
#                    build packages/chart-render (the Helm-compatible renderer)
# Usage: scripts/system-deps.sh [start|test]   (start needs fewer packages)
set -euo pipefail

mode="${1:-test}"
need=(mkdocs:mkdocs python3-mkdocs-material:mkdocs-material)
if [ "$mode" = test ]; then
  need+=(chromium:chromium yamllint:yamllint shellcheck:shellcheck go:golang-go \
    gocode-sprig:golang-github-masterminds-sprig-dev gocode-sigs-yaml:golang-k8s-sigs-yaml-dev)
fi

missing=()
for pair in "${need[@]}"; do
  probe="${pair%%:*}"
  pkg="${pair##*:}"
  case "$probe" in
    python3-* | gocode-*) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
    *) command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "[portal] installing Debian packages: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "[portal] not root and no sudo: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
