#!/usr/bin/env bash
# Load benchmark of the API: wrk (Debian's package) against the medium demo province on loopback,
# 200 connections for 60 s on the chain overview and the enterprise list, signed in with a
# browser session (the cc_session cookie of the demo's province analyst).
#
#   bench/api/run.sh [--duration 60s] [--connections 200] [--keep DIR]
#
# Builds chainchief in release, loads the medium demo into a temporary SQLite file, serves it with
# the per-address rate limit lifted (every wrk connection comes from 127.0.0.1), and prints wrk's
# latency distribution for each endpoint. Goal: p99 < 50 ms and no errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

duration=60s
connections=200
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: $0 [--duration 60s] [--connections 200] [--keep DIR]" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "bench/api: wrk not found (apt-get install -y wrk)" >&2; exit 1; }
cargo build --release -p chainchief --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/chainchief"

dir=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/cc-bench-api.XXXXXX")}
mkdir -p "$dir"
db="$dir/demo-medium.sqlite"
if [ ! -f "$db" ]; then
  started=$(date +%s)
  "$bin" demo --size medium --no-serve --database-url "$db" --accounts-file "$dir/accounts.json" 2>"$dir/demo.log"
  echo "bench/api: medium demo loaded in $(( $(date +%s) - started )) s" >&2
else
  "$bin" demo --size medium --no-serve --database-url "$db" --accounts-file "$dir/accounts.json" 2>"$dir/demo.log"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --database-url "$db" --listen "127.0.0.1:$port" --rate-limit 1000000 --rate-burst 1000000 \
  2>"$dir/server.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; [ -n "$keep" ] || rm -rf "$dir"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
  sleep 0.1
done

password=$(python3 -c 'import json,sys; print(next(a["password"] for a in json.load(open(sys.argv[1])) if a["role"] == "province_analyst"))' "$dir/accounts.json")
cookie=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"demo_province_analyst\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/session" | sed -n 's/^[Ss]et-[Cc]ookie: \(cc_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "bench/api: could not sign in" >&2; exit 1; }

enterprises=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port/api/enterprises?limit=1" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "bench/api: $enterprises enterprises; wrk -t2 -c$connections -d$duration --latency; $(nproc) cores shared by server and wrk"

for path in /api/chains "/api/enterprises?limit=50"; do
  echo
  echo "== GET $path"
  wrk -t2 -c"$connections" -d"$duration" --latency --timeout 10s -H "Cookie: $cookie" \
    "http://127.0.0.1:$port$path" | tee "$dir/wrk.out"
  grep -q "Non-2xx" "$dir/wrk.out" && echo "bench/api: non-2xx responses on $path" >&2
done
