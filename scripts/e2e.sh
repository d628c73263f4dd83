#!/usr/bin/env bash
# End-to-end tests of the browser UI in headless Chromium (e2e/run.mjs) against a small demo
# served by the debug binary. Installs Debian's chromium when it is missing (as root).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${CHROMIUM:-}" ] && ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "e2e: /usr/bin/chromium not found; install Debian's chromium or set CHROMIUM" >&2
    exit 1
  fi
  echo "e2e: installing Debian's chromium" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
cargo build -q -p chainchief
export CHAINCHIEF_BIN="${CHAINCHIEF_BIN:-$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/chainchief}"
(cd e2e && npm ci --no-audit --no-fund --silent && node run.mjs)
