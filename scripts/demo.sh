#!/usr/bin/env bash
# The demo: install, then `oso demo`: write 35 days of synthetic inputs for every source
# (GH Archive hours, GitHub REST answers, git repositories, npm downloads, Open Collective
# transactions, oss-funding grants, a local EVM node with real transactions), materialize every
# asset, then serve the Dagster UI, the GraphQL API and the website.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh

export DO_NOT_TRACK=1 DBT_SEND_ANONYMOUS_USAGE_STATS=false RUNTIME__DLTHUB_TELEMETRY=false
export OSO_HOME=${OSO_HOME:-$PWD/.oso/demo}
export OSO_END=${OSO_END:-$(date -u -d yesterday +%F)}
export OSO_START=${OSO_START:-$(date -u -d "$OSO_END - 34 days" +%F)}

echo "demo: OSO_HOME=$OSO_HOME window $OSO_START .. $OSO_END (synthetic inputs, served on loopback)" >&2
exec .venv/bin/oso demo
