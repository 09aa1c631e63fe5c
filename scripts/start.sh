#!/usr/bin/env bash
# `./run start`: all of Fenceline on embedded defaults, on this machine, until Ctrl-C.
#  1. compiles the category lists into var/lists.snapshot, from their upstreams or, with no
#     internet, from a local mirror folder (FENCELINE_MIRROR, else the corpus beside the repository).
#     When no list can be had it says so and goes on with a snapshot holding no lists (or the one
#     compiled before): the agent filters on its built-in rules and fetches the lists itself,
#     first after FENCELINE_LISTS_RETRY_SECONDS (120), then less often, until it has them;
#  2. runs the hub on 127.0.0.1:8080 (SQLite file var/hub.sqlite), creating on first start a
#     demo site and the first administrator, whose one-time password it prints;
#  3. builds the agent's bundle, enrols the agent with the hub and runs it as a DNS resolver on
#     127.0.0.1:5353 and [::1]:5353.
# Overrides: FENCELINE_HUB_PORT (8080), FENCELINE_DNS_PORT (5353), FENCELINE_AGENT_HTTP_PORT (8053),
# FENCELINE_UPSTREAM (the example's public resolvers), FENCELINE_VAR (the state folder, var/).
set -euo pipefail
cd "$(dirname "$0")/.."
hub_port="${FENCELINE_HUB_PORT:-8080}"
dns_port="${FENCELINE_DNS_PORT:-5353}"
agent_http_port="${FENCELINE_AGENT_HTTP_PORT:-8053}"
hub_url="http://127.0.0.1:${hub_port}"
var="${FENCELINE_VAR:-var}"
mkdir -p "$var"
# The hub's database and the agent's state live here: readable by this user only.
chmod 700 "$var"
hub=(node hub/bin/fenceline-hub.mjs)
# The agent as a gateway runs it: the bundle that `pnpm build` writes, with the systemd unit's
# Node options (agent/deploy/fenceline-agent.service).
agent_cli=(node --max-semi-space-size=2 --heap-growing-percent=50 agent/dist/fenceline-agent.mjs)

mirror="${FENCELINE_MIRROR:-}"
if [ -z "$mirror" ] && [ -d ../shared/corpus/ut1 ]; then mirror="../shared/corpus"; fi
args=(lists compile --manifest blocklists/sources.yaml --out "$var/lists.snapshot" --skip-missing --empty-if-unavailable)
[ -n "$mirror" ] && args+=(--mirror "$mirror")
# The table of every source goes to a log; what was written, and any plain warning, to the screen.
node agent/bin/fenceline.mjs "${args[@]}" > "$var/lists-compile.log"
tail -n 1 "$var/lists-compile.log"
lists_note=""
blocked_note="blocked (default group: guests, NXDOMAIN)"
if grep -qE '(no lists|, 0 lists,)' <(tail -n 1 "$var/lists-compile.log"); then
  lists_note="  Lists:      none yet: filtering on the built-in rules only (safe search, circumvention names,
              each group's own block names); the agent fetches the lists by itself when it can"
  blocked_note="blocked once the agent has the lists"
fi
node scripts/build.mjs >/dev/null

cat > "$var/hub.yaml" <<YAML
# Written by ./run start: the hub on embedded defaults. Copy hub/config.example.yaml for real use.
listen: "127.0.0.1:${hub_port}"
database: ${var}/hub.sqlite
publicUrl: "${hub_url}"
secureCookies: false
YAML
password=""
if out="$("${hub[@]}" users add --config "$var/hub.yaml" --email admin@fenceline.local --name "Administrator" --role ict-admin 2>/dev/null)"; then
  password="$out"
fi
"${hub[@]}" sites add --config "$var/hub.yaml" demo-school "Demo School" >/dev/null 2>&1 || true

"${hub[@]}" start --config "$var/hub.yaml" &
hub_pid=$!
agent_pid=""
stopped=""
stop() {
  [ -n "$stopped" ] && return
  stopped=1
  trap - INT TERM
  [ -n "$agent_pid" ] && kill -TERM "$agent_pid" 2>/dev/null || true
  kill -TERM "$hub_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Fenceline stopped."
}
trap 'stop; exit 0' INT TERM
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/${hub_port}") 2>/dev/null && break
  sleep 0.1
done

if [ ! -s "$var/agent-credential" ]; then
  token="$("${hub[@]}" agents enrol --config "$var/hub.yaml" demo-school 2>/dev/null)"
  "${agent_cli[@]}" enrol --hub "$hub_url" --token="$token" --name "gateway" --credential-file "$var/agent-credential"
fi
{
  sed -e "s#var/#${var}/#g" agent/config.example.yaml
  printf '\nhub:\n  url: "%s"\n  credentialFile: %s/agent-credential\n  heartbeatSeconds: 60\n  policyCacheFile: %s/hub-policy.json\n' "$hub_url" "$var" "$var"
  # The agent keeps its lists up to date itself, from the same place the compile above read.
  printf '\nlists:\n  cacheDir: %s/list-cache\n  retrySeconds: %s\n' "$var" "${FENCELINE_LISTS_RETRY_SECONDS:-120}"
  if [ -n "$mirror" ]; then printf '  mirror: "%s"\n' "$mirror"; fi
} > "$var/agent.yaml"
agent=(start --config "$var/agent.yaml" --listen "127.0.0.1:${dns_port}" --listen "[::1]:${dns_port}" --http "127.0.0.1:${agent_http_port}")
[ -n "${FENCELINE_UPSTREAM:-}" ] && agent+=(--upstream "$FENCELINE_UPSTREAM")
"${agent_cli[@]}" "${agent[@]}" &
agent_pid=$!

cat <<TXT

Fenceline is running (Ctrl-C to stop).
  Dashboard:  ${hub_url}/
TXT
if [ -n "$lists_note" ]; then printf '%s\n' "$lists_note"; fi
if [ -n "$password" ]; then
  printf '  Sign in as admin@fenceline.local with the one-time password: %s\n' "$password"
else
  printf '  Sign in as admin@fenceline.local (a new password: node hub/bin/fenceline-hub.mjs users reset-password --config %s/hub.yaml admin@fenceline.local)\n' "$var"
fi
cat <<TXT
  DNS:        127.0.0.1:${dns_port} and [::1]:${dns_port}. Try:
    dig @127.0.0.1 -p ${dns_port} pornhub.com        # ${blocked_note}
    dig @127.0.0.1 -p ${dns_port} www.google.com     # safe search: CNAME forcesafesearch.google.com
    open http://127.0.0.1:${agent_http_port}/health          # the agent's health
TXT
wait "$agent_pid" || true
stop
