#!/usr/bin/env bash
# Screens 20,000 synthetic enterprises (the medium demo province's size) for every title in force
# in Shanxi and prints the time of each stage; the goal is under 2 s for all titles.
# Usage: bench/rules/run.sh [enterprises] [region] [date]
# No peer implementation exists for these rules; the figure stands on its own.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
cargo build --release -q -p rules --example screen_synthetic
binary="$CARGO_TARGET_DIR/release/examples/screen_synthetic"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "whole process: %e s wall, %U s user, %S s system, %M KB peak memory" "$binary" "$@"
else
  "$binary" "$@"
fi
