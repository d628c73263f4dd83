#!/usr/bin/env bash
# Creates one Python virtual environment per bench/<name>/requirements.txt under .venv/<name>,
# reinstalling only when the requirements file changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for requirements in bench/*/requirements.txt; do
  name=$(basename "$(dirname "$requirements")")
  env=".venv/$name"
  stamp="$env/.requirements.sha256"
  want=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    continue
  fi
  echo "peer-envs: installing bench/$name/requirements.txt into $env" >&2
  rm -rf "$env"
  python3 -m venv "$env"
  "$env/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  echo "$want" > "$stamp"
done
