"""dlt source for Open Collective transactions (GraphQL v2 API and CSV exports).

One resource, ``transactions``, yielding one Arrow table per run (validated and de-duplicated
by ``helpers.combine`` before dlt sees it). Rows upsert on ``id``; API rows of a loaded
(collective, week) that the API no longer returns are removed afterwards by
``helpers.delete_stale_api_rows``, so a week re-loaded from the API is replaced.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from oso.sources.opencollective.settings import TRANSACTIONS_SCHEMA


def _naive_ts() -> dict[str, object]:
    """A UTC timestamp stored without a time zone (a fresh dict: dlt writes into hints)."""
    return {"data_type": "timestamp", "timezone": False, "precision": 6}


def _hints() -> dict[str, Any]:
    return {"created_at": _naive_ts(), "week": _naive_ts(), "description": {"data_type": "text"}}


def _tables(table: pa.Table | None) -> Iterator[pa.Table]:
    if table is not None:
        yield table.cast(TRANSACTIONS_SCHEMA)  # even empty: the table exists from the first load


@dlt.source(name="opencollective", max_table_nesting=0)
def opencollective(table: pa.Table | None = None) -> Iterator[DltResource]:
    """Resource ``transactions`` for the staged rows (none at definition time)."""
    yield dlt.resource(
        _tables(table),
        name="transactions",
        write_disposition={"disposition": "merge", "strategy": "upsert"},
        primary_key="id",
        columns=_hints(),
    )
