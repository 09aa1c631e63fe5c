#!/usr/bin/env bash
# The tests use real programs from Debian where they run here: headless Chromium (report and page
# tests, driven by playwright-core, no browser download), BIND 9 (`named`, a real upstream and
# domain controller for the resolver's conformance tests), kdig, curl, openssl and plistutil (DNS
# over HTTPS and the roaming profiles), radclient (RADIUS accounting sent to the agent as a Wi-Fi
# controller would) and unzip (the evidence pack is unpacked as its
# recipient would, then checked with sha256sum) and PostgreSQL (a throwaway cluster for the hub's
# PostgreSQL database, with libpq-dev that its client builds against). Installs what is missing when we may;
# a test whose program is missing skips with its reason rather than failing.
set -uo pipefail
missing=()
[ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ] || missing+=(chromium)
[ -x /usr/sbin/named ] || missing+=(bind9)
command -v dig >/dev/null 2>&1 || missing+=(bind9-dnsutils)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
# DNS over HTTPS for roaming devices: kdig and curl as clients, openssl for the test certificate,
# plistutil to check the Apple configuration profile.
command -v kdig >/dev/null 2>&1 || missing+=(knot-dnsutils)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v plistutil >/dev/null 2>&1 || missing+=(libplist-utils)
command -v radclient >/dev/null 2>&1 || missing+=(freeradius-utils)
# pdftotext: the printed reports' text, searched for locked-list names.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# PostgreSQL: the server programs (initdb, pg_ctl) and libpq's headers.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -f /usr/include/postgresql/libpq-fe.h ] || missing+=(libpq-dev)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "fenceline: installing Debian's ${missing[*]} for the tests" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 && exit 0
fi
echo "fenceline: ${missing[*]} missing (apt-get install ${missing[*]}); the tests that need them will fail or skip" >&2
exit 0
