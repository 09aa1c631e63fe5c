#!/usr/bin/env bash
# Puts Node >= 22.12 and pnpm 10 on PATH. Source it: `. scripts/toolchain.sh`.
# A gateway daemon must not run on an end-of-life runtime, so where the system Node is older
# than 22.12 this installs Node 24 LTS from the npm registry (the `node` package ships the
# official binary and its headers) and pnpm into .toolchain/ (git-ignored), and points
# npm_config_nodedir at the headers so native modules such as better-sqlite3 compile there.
FENCELINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_toolchain="$FENCELINE_ROOT/.toolchain"

_fenceline_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
_fenceline_pnpm_ok() {
  command -v pnpm >/dev/null 2>&1 && pnpm --version 2>/dev/null | grep -q '^10\.'
}

export PATH="$_toolchain/node_modules/.bin:$PATH"
if ! _fenceline_node_ok || ! _fenceline_pnpm_ok; then
  echo "fenceline: installing Node 24 and pnpm 10 into .toolchain/ (system Node: $(node --version 2>/dev/null || echo none))" >&2
  mkdir -p "$_toolchain"
  _want="pnpm@10"
  _fenceline_node_ok || _want="node@24 pnpm@10"
  # shellcheck disable=SC2086
  npm install --prefix "$_toolchain" --no-audit --no-fund --loglevel=error $_want >&2 || return 1 2>/dev/null || exit 1
  hash -r
fi
for _dir in "$_toolchain"/node_modules/node/node_modules/node-*-*; do
  [ -d "$_dir/include/node" ] && export npm_config_nodedir="$_dir"
done
unset _toolchain _want _dir
