"""dlt source for GitHub repositories from the REST API (``github.repositories``, ``.repository_urls``).

``repositories`` is upserted on the numeric id, so a rename or transfer updates the row and
keeps its id; ``repository_urls`` (every registry GitHub URL and the repositories it resolved
to) is replaced on every run. Rows travel as Arrow tables built from validated answers
(``helpers.resolve``); no row is ever handed to dlt as a dict.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from oso.sources.github.helpers import Resolution
from oso.sources.github.settings import REPOSITORIES_SCHEMA, REPOSITORY_URLS_SCHEMA


def _naive_ts() -> dict[str, Any]:
    """A UTC timestamp stored without a time zone (a fresh dict: dlt writes into hints)."""
    return {"data_type": "timestamp", "timezone": False, "precision": 6}


def _repository_hints() -> dict[str, Any]:
    hints: dict[str, Any] = {
        name: _naive_ts() for name in ("created_at", "updated_at", "pushed_at", "fetched_at")
    }
    hints["description"] = {"data_type": "text"}
    return hints


def _table(table: pa.Table | None, schema: pa.Schema) -> Iterator[pa.Table]:
    """The run's rows; an empty table too, so the table exists (with its columns) from the first load."""
    if table is not None:
        yield table.cast(schema)


@dlt.source(name="github", max_table_nesting=0)
def github(resolution: Resolution | None = None) -> Iterator[DltResource]:
    """Resources ``repositories`` and ``repository_urls`` (empty at definition time)."""
    yield dlt.resource(
        _table(resolution.repositories if resolution else None, REPOSITORIES_SCHEMA),
        name="repositories",
        write_disposition={"disposition": "merge", "strategy": "upsert"},
        primary_key="id",
        columns=_repository_hints(),
    )
    yield dlt.resource(
        _table(resolution.urls if resolution else None, REPOSITORY_URLS_SCHEMA),
        name="repository_urls",
        write_disposition="replace",
    )
