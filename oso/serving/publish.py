"""Atomic publishing of one mart into ClickHouse (chDB or server).

Rows load into ``<name>__staging`` (created from the ``TableSpec``: types, ``ORDER BY``,
skipping indexes), are checked (the staging table's row count must equal the warehouse's,
so an empty version replaces a non-empty one only when the warehouse table is empty too),
then swapped in with ``EXCHANGE TABLES``: readers see the old table or the new one, never a
half-loaded one. The replaced table is kept as the version ``<name>__v<publish time>`` and
all but the newest ``keep_versions`` versions are dropped (``oso/serving/versions.py``).
Any failure before the swap drops the staging table and leaves the serving table as it was.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

import pyarrow as pa

from oso.serving.ddl import (
    IndexSpec,
    TableSpec,
    create_table_sql,
    is_nullable,
    quote,
    resolved_types,
)
from oso.serving.errors import PublishError, SpecError
from oso.serving.versions import (
    PUBLISH_LOG,
    SqlClient,
    list_versions,
    log_action,
    migrate_legacy,
    new_version,
    prune,
    require_atomic,
    retired_name,
)

__all__ = [
    "PUBLISH_LOG",
    "IndexSpec",
    "PublishError",
    "PublishResult",
    "SpecError",
    "TableSpec",
    "publish_table",
]

log = logging.getLogger(__name__)
INSERT_CHUNK_ROWS = 250_000


@dataclass(frozen=True)
class PublishResult:
    table: str
    rows: int
    version: str  # the version now serving
    retired_version: str | None  # the replaced table, kept as <table>__<retired_version>
    pruned: tuple[str, ...]  # versions dropped to keep the newest N
    published_at: str


def _normalise(table: pa.Table) -> pa.Table:
    """Cast types ClickHouse can't take from Arrow directly (decimals, null columns)."""
    columns = []
    for col in table.columns:
        if pa.types.is_decimal(col.type):
            col = col.cast(pa.float64())
        elif pa.types.is_null(col.type):
            col = col.cast(pa.string())
        elif pa.types.is_integer(col.type) and col.type != pa.int64():
            col = col.cast(pa.int64())
        elif pa.types.is_timestamp(col.type) and col.type.tz is None:
            col = col.cast(pa.timestamp("us", tz="UTC"))
        columns.append(col)
    return pa.table(columns, names=table.column_names)


def _check_nulls(spec: TableSpec, types: dict[str, str], table: pa.Table) -> None:
    for name, ch_type in types.items():
        if not is_nullable(ch_type) and table.column(name).null_count:
            kind = "key column" if name in spec.order_by else "non-NULL column"
            raise PublishError(
                f"{spec.name}: {kind} {name!r} has {table.column(name).null_count} NULLs; "
                "nothing was published"
            )


def _load_staging(
    client: SqlClient, database: str, spec: TableSpec, table: pa.Table, version: str, expected: int
) -> int:
    staging = f"{quote(database)}.{quote(spec.name + '__staging')}"
    client.command(create_table_sql(database, f"{spec.name}__staging", spec, table.schema, version))
    for batch in table.to_batches(max_chunksize=INSERT_CHUNK_ROWS):
        client.insert_arrow(staging, pa.Table.from_batches([batch], schema=table.schema))
    loaded = int(str(client.command(f"SELECT count() FROM {staging}")))
    if loaded != expected:
        raise PublishError(
            f"{spec.name}: staging table holds {loaded} rows, the warehouse has {expected}; "
            "the previous version keeps serving"
        )
    return loaded


def publish_table(
    client: SqlClient,
    database: str,
    spec: TableSpec,
    table: pa.Table,
    *,
    keep_versions: int = 3,
    expected_rows: int | None = None,
) -> PublishResult:
    """Load ``table`` as the new version of ``spec.name``, checked, then swapped in atomically.

    ``expected_rows`` is the warehouse's row count (default: the rows of ``table``).
    """
    require_atomic(client, database)
    table = _normalise(table)
    types = resolved_types(spec, table.schema)
    _check_nulls(spec, types, table)
    expected = table.num_rows if expected_rows is None else expected_rows
    migrate_legacy(client, database)
    db, name, staging = quote(database), quote(spec.name), quote(f"{spec.name}__staging")
    serving = next((i for i in list_versions(client, database, spec.name) if i.serving), None)
    version = new_version(serving.version if serving else "")
    client.command(f"DROP TABLE IF EXISTS {db}.{staging} SYNC")
    try:
        loaded = _load_staging(client, database, spec, table, version, expected)
        retired = retired_name(client, database, spec.name) if serving else None
    except BaseException as exc:  # the serving table was not touched: drop what was loaded
        with contextlib.suppress(Exception):
            client.command(f"DROP TABLE IF EXISTS {db}.{staging} SYNC")
        if isinstance(exc, PublishError) or not isinstance(exc, Exception):
            raise
        raise PublishError(
            f"{spec.name}: publish failed while loading the staging table ({exc}); "
            "the previous version keeps serving"
        ) from exc
    if retired is None:
        client.command(f"RENAME TABLE {db}.{staging} TO {db}.{name}")
    else:
        client.command(f"EXCHANGE TABLES {db}.{name} AND {db}.{staging}")
        client.command(f"RENAME TABLE {db}.{staging} TO {db}.{quote(retired)}")
        if serving is not None and serving.rows and not loaded:
            log.warning("%s: published an empty version over %d rows", spec.name, serving.rows)
    published_at = log_action(client, database, spec.name, loaded, version, "publish")
    pruned = prune(client, database, spec.name, keep_versions)
    return PublishResult(
        spec.name,
        loaded,
        version,
        retired.rsplit("__", 1)[1] if retired else None,
        tuple(p.rsplit("__", 1)[1] for p in pruned),
        published_at,
    )
