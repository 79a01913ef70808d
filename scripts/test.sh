#!/usr/bin/env bash
# Install everything, then run every check: lint, format, types, SQL lint, compose file, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh

export DO_NOT_TRACK=1 DBT_SEND_ANONYMOUS_USAGE_STATS=false RUNTIME__DLTHUB_TELEMETRY=false
export PATH="$PWD/.venv/bin:$PATH"

# docker-compose.yml is validated offline by Debian's docker-compose (no Docker engine needed)
if ! command -v docker-compose >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "test: installing Debian's docker-compose to validate docker-compose.yml" >&2
  (apt-get install -y -qq docker-compose >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null; })
fi

# the site tests drive Debian's Chromium headless (Playwright's own browser download fails here)
if ! [ -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "test: installing Debian's chromium for the website's browser tests" >&2
  (apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; })
fi

echo "== ruff" && ruff check . && ruff format --check .
echo "== mypy" && mypy
echo "== sqlfluff" && OSO_DBT_DUCKDB_PATH="$(mktemp -d)/lint.duckdb" sqlfluff lint dbt/models --processes 2
echo "== pytest" && python -m pytest "$@"
