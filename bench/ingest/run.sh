#!/usr/bin/env bash
# Import benchmark: 1,000,000 observation rows from CSV and 100,000 from XLSX, validated and
# committed on SQLite (release build). Prints the figures, the machine's load before and after,
# and, as a floor for comparison, SQLite's own `.import` of the same CSV into a bare table (no
# validation, no revision history) when the sqlite3 tool is installed.
#
#   bench/ingest/run.sh [ROWS] [XLSX_ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
xlsx_rows=${2:-100000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
dir=$(mktemp -d "${TMPDIR:-/tmp}/chainchief-ingest-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cargo build --release -q -p ingest --example ingest_bench
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$CARGO_TARGET_DIR/release/examples/ingest_bench" "$dir" "$rows" "$xlsx_rows"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v sqlite3 >/dev/null && [ -f "$dir/observations.csv" ]; then
  start=$(date +%s.%N)
  sqlite3 "$dir/floor.sqlite" ".mode csv" ".import $dir/observations.csv raw" >/dev/null
  end=$(date +%s.%N)
  echo "floor: sqlite3 .import of the same CSV into an unindexed table: $(echo "$end - $start" | bc) s"
fi
