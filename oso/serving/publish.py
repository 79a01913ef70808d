"""Atomic publishing of one mart into ClickHouse (chDB or server).

Rows load into a staging table, are checked (row count equals the warehouse's), then
swapped in with ``EXCHANGE TABLES``: readers see the old table or the new one, never a
half-loaded one. The replaced version is kept as ``<name>__previous``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyarrow as pa
from clickhouse_connect.driver.client import Client

PUBLISH_LOG = "_publish_log"


class PublishError(RuntimeError):
    """A publish that failed its checks; the previous version keeps serving."""


@dataclass(frozen=True)
class TableSpec:
    name: str
    order_by: tuple[str, ...] = ()
    column_types: dict[str, str] = field(default_factory=dict)  # ClickHouse type overrides


@dataclass(frozen=True)
class PublishResult:
    table: str
    rows: int
    replaced_previous: bool
    published_at: str


def clickhouse_type(arrow_type: pa.DataType, nullable: bool) -> str:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        base = "String"
    elif pa.types.is_boolean(arrow_type):
        base = "Bool"
    elif pa.types.is_integer(arrow_type):
        base = "Int64"
    elif pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        base = "Float64"
    elif pa.types.is_date(arrow_type):
        base = "Date32"
    elif pa.types.is_timestamp(arrow_type):
        base = "DateTime64(6, 'UTC')"
    elif pa.types.is_null(arrow_type):
        base = "String"
    else:
        raise PublishError(f"no ClickHouse type for Arrow type {arrow_type}")
    return f"Nullable({base})" if nullable else base


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


def create_table_sql(database: str, table_name: str, spec: TableSpec, schema: pa.Schema) -> str:
    missing = [c for c in spec.order_by if c not in schema.names]
    if missing:
        raise PublishError(f"{spec.name}: ORDER BY columns {missing} are not in the mart")
    cols = []
    for f in schema:
        ch_type = spec.column_types.get(f.name) or clickhouse_type(
            f.type, f.name not in spec.order_by
        )
        cols.append(f"`{f.name}` {ch_type}")
    order = ", ".join(f"`{c}`" for c in spec.order_by) or "tuple()"
    return (
        f"CREATE TABLE `{database}`.`{table_name}` ({', '.join(cols)}) "
        f"ENGINE = MergeTree ORDER BY ({order})"
    )


def _exists(client: Client, database: str, name: str) -> bool:
    return bool(client.command(f"EXISTS TABLE `{database}`.`{name}`"))


def publish_table(client: Client, database: str, spec: TableSpec, table: pa.Table) -> PublishResult:
    """Load ``table`` as the new version of ``spec.name``, checked, then swapped in atomically."""
    table = _normalise(table)
    for key in spec.order_by:
        if table.column(key).null_count:
            raise PublishError(f"{spec.name}: key column {key!r} has NULLs; nothing was published")
    staging, previous = f"{spec.name}__staging", f"{spec.name}__previous"
    client.command(f"DROP TABLE IF EXISTS `{database}`.`{staging}`")
    client.command(create_table_sql(database, staging, spec, table.schema))
    if table.num_rows:
        client.insert_arrow(f"`{database}`.`{staging}`", table)
    loaded = int(str(client.command(f"SELECT count() FROM `{database}`.`{staging}`")))
    if loaded != table.num_rows:
        client.command(f"DROP TABLE IF EXISTS `{database}`.`{staging}`")
        raise PublishError(
            f"{spec.name}: staging table holds {loaded} rows, the warehouse has {table.num_rows}; "
            "the previous version keeps serving"
        )
    replaced = _exists(client, database, spec.name)
    if replaced:
        client.command(f"EXCHANGE TABLES `{database}`.`{spec.name}` AND `{database}`.`{staging}`")
        client.command(f"DROP TABLE IF EXISTS `{database}`.`{previous}`")
        client.command(f"RENAME TABLE `{database}`.`{staging}` TO `{database}`.`{previous}`")
    else:
        client.command(f"RENAME TABLE `{database}`.`{staging}` TO `{database}`.`{spec.name}`")
    published_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _log(client, database, spec.name, loaded, published_at)
    return PublishResult(spec.name, loaded, replaced, published_at)


def _log(client: Client, database: str, name: str, rows: int, published_at: str) -> None:
    client.command(
        f"CREATE TABLE IF NOT EXISTS `{database}`.`{PUBLISH_LOG}` "
        "(table String, rows Int64, published_at DateTime64(0, 'UTC')) ENGINE = MergeTree ORDER BY published_at"
    )
    client.insert(
        f"`{database}`.`{PUBLISH_LOG}`",
        [[name, rows, dt.datetime.fromisoformat(published_at)]],
        column_names=["table", "rows", "published_at"],
    )
