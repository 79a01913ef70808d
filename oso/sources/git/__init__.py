"""dlt source for git: the commits of each tracked repository's default branch, read from git.

GH Archive PushEvents stopped listing commits on 2025-10-07; this source reads them from the
repositories themselves (bare, blobless clones; see ``repos`` and ``log``). Two resources, both
upserted on their primary keys, so a re-run never duplicates:

- ``commits`` (repository, sha): author/committer names, e-mails and UTC times, parents;
- ``heads`` (repository): the head and commit count loaded, the incremental state.

Rows travel as Arrow tables built by ``helpers.read_repos``; no row is ever a Python dict.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from oso.sources.git.settings import (
    COMMITS_SCHEMA,
    HEADS_SCHEMA,
    PRIMARY_KEYS,
    RESOURCES,
    TIMESTAMP_COLUMNS,
)

_SCHEMAS = {"commits": COMMITS_SCHEMA, "heads": HEADS_SCHEMA}


def _hints(resource: str) -> dict[str, Any]:
    """UTC timestamps stored without a time zone (fresh dicts: dlt writes into hints)."""
    return {
        name: {"data_type": "timestamp", "timezone": False, "precision": 6}
        for name in TIMESTAMP_COLUMNS[resource]
    }


def _table(table: pa.Table | None, resource: str) -> Iterator[pa.Table]:
    """The table (an empty one too, so the warehouse table exists from the first load)."""
    if table is not None:
        yield table.cast(_SCHEMAS[resource])


@dlt.source(name="git", max_table_nesting=0)
def git(commits: pa.Table | None = None, heads: pa.Table | None = None) -> Iterator[DltResource]:
    """Resources ``commits`` and ``heads`` (no data at definition time)."""
    tables = {"commits": commits, "heads": heads}
    for name in RESOURCES:
        yield dlt.resource(
            _table(tables[name], name),
            name=name,
            write_disposition={"disposition": "merge", "strategy": "upsert"},
            primary_key=list(PRIMARY_KEYS[name]),
            columns=_hints(name),
        )
