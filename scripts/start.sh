#!/usr/bin/env bash
# `pnpm start`: compiles the category lists into var/lists.snapshot and shows what they decide
# for a few names. Lists come from their upstreams, or from a local mirror folder: the one in
# FENCELINE_MIRROR, else the real-list corpus beside the repository when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
mirror="${FENCELINE_MIRROR:-}"
if [ -z "$mirror" ] && [ -d ../shared/corpus/ut1 ]; then mirror="../shared/corpus"; fi
mkdir -p var
args=(lists compile --manifest blocklists/sources.yaml --out var/lists.snapshot --skip-missing)
[ -n "$mirror" ] && args+=(--mirror "$mirror")
node agent/bin/fenceline.mjs "${args[@]}"
echo
node agent/bin/fenceline.mjs check --snapshot var/lists.snapshot www.bbc.co.uk pornhub.com dns.google nordvpn.com www.bet365.com
echo
echo "Check any name with: ./run fenceline check --snapshot var/lists.snapshot <name>..."
