#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster on a free loopback port and removes the
# cluster afterwards. The command sees CHAINCHIEF_TEST_POSTGRES_URL (a superuser URL of the
# `postgres` database; tests create their own databases in it).
#
#   scripts/with-postgres.sh cargo nextest run
#
# Installs Debian's postgresql package when no server binaries are found (needs root). PostgreSQL
# refuses to run as root, so as root the cluster runs as the `postgres` user the package creates.
set -euo pipefail

server_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin=$(server_bin)
if [ -z "$bin" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "with-postgres: no PostgreSQL server found; install Debian's postgresql package" >&2
    exit 1
  fi
  echo "with-postgres: installing Debian's postgresql package" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(server_bin)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/chainchief-pg.XXXXXX")
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# fsync off: the cluster is thrown away, durability buys nothing here.
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=400" start >/dev/null

export CHAINCHIEF_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
