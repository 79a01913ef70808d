"""dlt source for npm: daily downloads of the registry's npm packages (``npm.downloads``).

Each week (starting Monday) is a partition: rows carry their ``week`` and load with a
delete-insert merge on it, so re-loading a week replaces it; (package, day) is the primary
key. Rows travel as one Arrow table built from validated API answers (``helpers``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from oso.sources.npm.settings import DOWNLOADS_SCHEMA, RESOURCE


def _hints() -> dict[str, Any]:
    """Column hints (fresh dicts: dlt writes into them); UTC times stored without a zone."""
    return {
        "day": {"data_type": "date", "nullable": False},
        "week": {"data_type": "date", "nullable": False},
        "fetched_at": {"data_type": "timestamp", "timezone": False, "precision": 6},
    }


def _tables(downloads: pa.Table | None) -> Iterator[pa.Table]:
    """The run's rows; an empty table too, so ``npm.downloads`` exists from the first load."""
    if downloads is not None:
        yield downloads.cast(DOWNLOADS_SCHEMA)


@dlt.source(name="npm", max_table_nesting=0)
def npm(downloads: pa.Table | None = None) -> Iterator[DltResource]:
    """Resource ``downloads`` for a fetched table (none at definition time)."""
    yield dlt.resource(
        _tables(downloads),
        name=RESOURCE,
        write_disposition={"disposition": "merge", "strategy": "delete-insert"},
        merge_key="week",
        primary_key=("package", "day"),
        columns=_hints(),
    )
