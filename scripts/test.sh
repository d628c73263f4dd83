#!/usr/bin/env bash
# The whole test suite (`make test`, and what .ci/run calls). On a fresh Debian machine it installs
# what it needs: Python environments for the peer checks, and (as root) Debian's postgresql for a
# throw-away cluster. Every test that needs a peer or PostgreSQL is required to run here, not
# skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/peer-envs.sh

# The UI first: the server's tests and the binary embed web/dist. Type check and unit tests.
make web
(cd web && npm test)

if ! cargo nextest --version >/dev/null 2>&1; then
  echo "test: cargo-nextest not found, installing it" >&2
  cargo install --locked cargo-nextest
fi

export CHAINCHIEF_PYTHON="$root/scripts/peer-python"
export CHAINCHIEF_REQUIRE_PEERS=1
export CHAINCHIEF_REQUIRE_POSTGRES=1
# Property tests draw their cases from a fixed seed here, so a run can be repeated exactly; to
# explore new cases, run them with another PROPTEST_RNG_SEED and more PROPTEST_CASES.
export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261122}"
scripts/with-postgres.sh cargo nextest run --workspace --no-fail-fast
cargo test --workspace --doc --quiet

# The browser end to end: Debian's chromium drives the built UI against a demo server.
scripts/e2e.sh
