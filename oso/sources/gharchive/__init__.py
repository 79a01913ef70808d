"""dlt source for GH Archive: tracked-repository events and the commits of their pushes.

Each hour is a partition: the rows carry their ``hour`` and load with a delete-insert merge on
it, so re-loading an hour replaces it. Rows travel as Arrow tables read from the Parquet that
``helpers.stage_hour`` wrote; no row is ever a Python dict.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import dlt
import pyarrow as pa
import pyarrow.parquet as pq
from dlt.sources import DltResource

from oso.sources.gharchive.helpers import StagedHour
from oso.sources.gharchive.settings import RESOURCES


def _naive_ts() -> dict[str, object]:
    """A UTC timestamp stored without a time zone (a fresh dict: dlt writes into hints)."""
    return {"data_type": "timestamp", "timezone": False, "precision": 6}


def _hints(resource: str) -> dict[str, Any]:
    hints: dict[str, Any] = {"created_at": _naive_ts(), "hour": _naive_ts()}
    if resource == "events":
        hints["payload"] = {"data_type": "text"}
    return hints


def _tables(staged: Sequence[StagedHour], resource: str) -> Iterator[pa.Table]:
    """Each hour's rows; empty hours too, so the table exists (with its columns) from the first load."""
    for hour in staged:
        table = pq.read_table(hour.events if resource == "events" else hour.commits)
        index = table.schema.get_field_index("hour")
        yield table.cast(
            table.schema.set(index, table.schema.field(index).with_nullable(False))
        )  # merge key


@dlt.source(name="gharchive", max_table_nesting=0)
def gharchive(staged: Sequence[StagedHour] = ()) -> Iterator[DltResource]:
    """Resources ``events`` and ``push_commits`` for the staged hours (none at definition time)."""
    for name in RESOURCES:
        yield dlt.resource(
            _tables(staged, name),
            name=name,
            write_disposition={"disposition": "merge", "strategy": "delete-insert"},
            merge_key="hour",
            columns=_hints(name),
        )
