#!/usr/bin/env bash
# Debian packages the dependencies need to build, installed when missing and we may: libpq-dev
# (PostgreSQL's C client and headers) for the `libpq` package the hub's PostgreSQL database uses.
# Run before `pnpm install`, which compiles it.
set -uo pipefail
missing=()
[ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "fenceline: installing Debian's ${missing[*]} to build the dependencies" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 && exit 0
fi
echo "fenceline: ${missing[*]} missing (apt-get install ${missing[*]}); the hub's PostgreSQL store will be unavailable (SQLite needs nothing)" >&2
exit 0
