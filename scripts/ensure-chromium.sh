#!/usr/bin/env bash
# The report and page tests print and photograph pages in headless Chromium: Debian's `chromium`
# package, driven by playwright-core (no browser download). Installs it when missing and we may.
set -uo pipefail
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -x "$candidate" ] && exit 0
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "fenceline: installing Debian's chromium for the browser tests" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 && exit 0
fi
echo "fenceline: Chromium is missing (apt-get install chromium); the browser tests will fail" >&2
exit 0
