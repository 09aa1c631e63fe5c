#!/usr/bin/env bash
# `pnpm start`: compiles the category lists into var/lists.snapshot, then runs the agent on
# embedded defaults (agent/config.example.yaml: DNS on 127.0.0.1:5353 and [::1]:5353, health,
# metrics and block page on 127.0.0.1:8053) until Ctrl-C. Lists come from their upstreams, or from
# a local mirror folder: FENCELINE_MIRROR, else the real-list corpus beside the repository.
# FENCELINE_UPSTREAM overrides the upstream resolver (default: the example's public resolvers).
set -euo pipefail
cd "$(dirname "$0")/.."
mirror="${FENCELINE_MIRROR:-}"
if [ -z "$mirror" ] && [ -d ../shared/corpus/ut1 ]; then mirror="../shared/corpus"; fi
mkdir -p var
args=(lists compile --manifest blocklists/sources.yaml --out var/lists.snapshot --skip-missing)
[ -n "$mirror" ] && args+=(--mirror "$mirror")
node agent/bin/fenceline.mjs "${args[@]}" | tail -n 1
agent=(start --config agent/config.example.yaml)
[ -n "${FENCELINE_UPSTREAM:-}" ] && agent+=(--upstream "$FENCELINE_UPSTREAM")
cat <<'TXT'

Fenceline agent starting on 127.0.0.1:5353 (Ctrl-C to stop). Try:
  dig @127.0.0.1 -p 5353 pornhub.com            # blocked (default group: guests, NXDOMAIN)
  dig @127.0.0.1 -p 5353 www.google.com         # safe search: CNAME forcesafesearch.google.com
  curl http://127.0.0.1:8053/health
  ./run fenceline check --snapshot var/lists.snapshot <name>
TXT
exec node agent/bin/fenceline-agent.mjs "${agent[@]}"
