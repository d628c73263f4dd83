#!/usr/bin/env bash
# Screens the medium demo province (20,000 enterprises in a SQLite file) for every title, from the
# database to the result table, and prints the load and screening times `chainchief` reports.
# Usage: bench/rules/store.sh [database] [runs] [date]
# The database is made with `chainchief demo --size medium` when it does not exist yet.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
database=${1:-${TMPDIR:-/tmp}/chainchief-medium.sqlite}
runs=${2:-5}
date=${3:-2026-06-30}
cargo build --release -q -p chainchief
binary="$CARGO_TARGET_DIR/release/chainchief"
if [ ! -f "$database" ]; then
  "$binary" demo --size medium --no-serve --database-url "$database"
fi
out=$(mktemp --suffix=.csv)
trap 'rm -f "$out"' EXIT
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$runs"); do
  # The first run reads the file from disk; later ones find it in the page cache.
  /usr/bin/time -f "run $run: whole process %e s wall, %U s user, %S s system, %M KB peak" \
    "$binary" rules screen --from-store --database-url "$database" --title all --date "$date" \
    --out "$out" 2>&1 | grep -v '^wrote '
done
