#!/usr/bin/env bash
# The demo: install, write 35 days of synthetic GH Archive data for the bundled registry,
# materialize every asset, then serve the Dagster UI, the GraphQL API and the website.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh

export DO_NOT_TRACK=1 DBT_SEND_ANONYMOUS_USAGE_STATS=false RUNTIME__DLTHUB_TELEMETRY=false
export OSO_HOME=${OSO_HOME:-$PWD/.oso/demo}
export OSO_END=${OSO_END:-$(date -u -d yesterday +%F)}
export OSO_START=${OSO_START:-$(date -u -d "$OSO_END - 34 days" +%F)}
export OSO_GHARCHIVE_URL=${OSO_GHARCHIVE_URL:-$OSO_HOME/gharchive-synthetic}

echo "demo: OSO_HOME=$OSO_HOME window $OSO_START .. $OSO_END (synthetic GH Archive data)" >&2
if [ ! -f "$OSO_GHARCHIVE_URL/SYNTHETIC.md" ] || ! grep -q "$OSO_START" "$OSO_GHARCHIVE_URL/SYNTHETIC.md"; then
  .venv/bin/oso demo-data --out "$OSO_GHARCHIVE_URL"
fi
.venv/bin/oso run
exec .venv/bin/oso serve --dagster
