#!/usr/bin/env bash
# Install everything into .venv from the pinned requirements.lock (idempotent, ~15 s cold with uv).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  echo "install: Python 3.11 is required (found $("$PYTHON" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if ! "$PYTHON" -m uv --version >/dev/null 2>&1; then
  echo "install: installing uv (the fast pip replacement) for $PYTHON" >&2
  "$PYTHON" -m pip install --quiet --disable-pip-version-check uv 2>/dev/null \
    || "$PYTHON" -m pip install --quiet --disable-pip-version-check --user uv
fi
UV=("$PYTHON" -m uv)
[ -x .venv/bin/python ] || "${UV[@]}" venv --quiet --python "$PYTHON" .venv
"${UV[@]}" pip install --quiet --python .venv/bin/python -r requirements.lock
"${UV[@]}" pip install --quiet --python .venv/bin/python --no-deps -e .
# Node packages from their locks: a local EVM node (ganache, tools/) for the EVM source's tests
# and the demo; the charting library the website vendors (uPlot, website/)
for dir in tools website; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    command -v npm >/dev/null || { echo "install: npm (Node.js 20) is required for $dir/package.json" >&2; exit 1; }
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
done
echo "install: ready ($(.venv/bin/python --version), $(.venv/bin/dbt --version 2>/dev/null | sed -n 's/.*installed: *//p' | head -1))" >&2
