"""SQL for GraphQL relationships and aggregates, pure functions like :mod:`api.sql`.

``build_related_select`` reads the related rows of many parents in one query (the
DataLoader batches a whole level of a GraphQL response into one call): each row carries the
parent key it belongs to as ``__parent``, and ``LIMIT n BY __parent`` applies the limit per
parent. A relationship either matches a target column to the parent's key directly or goes
through a bridge mart (``projects_by_collection_v1`` between collections and projects).

``build_aggregate`` counts and sums the rows a filter selects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from api.sql import MAX_LIMIT, Filter, OrderKey, QueryError, SelectBuilder, check_window, quote
from oso.marts import MartSpec

PARENT = "__parent"
AGGREGATES = ("sum", "avg", "min", "max")
NUMERIC = ("int64", "float64")


@dataclass(frozen=True)
class Bridge:
    """A mart linking parents to targets: its ``parent_column`` holds the parent's key and
    its ``target_column`` the target's key."""

    mart: str
    parent_column: str
    target_column: str


@dataclass(frozen=True)
class RelatedRows:
    """The rows of ``target`` related to a parent: ``target_key`` equals the parent key, or
    (with a bridge) the bridge's ``target_column`` of a bridge row holding the parent key."""

    target: MartSpec
    target_key: str
    bridge: Bridge | None = None


def _source(rel: RelatedRows, database: str, builder: SelectBuilder) -> tuple[str, str]:
    """The FROM clause and the expression of the parent key, with the keys bound."""
    table = f"{quote(database)}.{quote(rel.target.name)}"
    key = quote(builder.column(rel.target_key).name)
    if rel.bridge is None:
        return table, key
    b = rel.bridge
    bridge = (
        f"SELECT DISTINCT {quote(b.target_column)} AS `__key`, {quote(b.parent_column)} AS "
        f"{quote(PARENT)} FROM {quote(database)}.{quote(b.mart)} "
        f"WHERE {quote(b.parent_column)} IN {{keys:Array(String)}}"
    )
    return f"{table} INNER JOIN ({bridge}) AS `__bridge` ON {key} = `__bridge`.`__key`", (
        f"`__bridge`.{quote(PARENT)}"
    )


def build_related_select(
    rel: RelatedRows,
    database: str,
    keys: Sequence[str],
    *,
    columns: Sequence[str] | None = None,
    where: Filter | None = None,
    order_by: Sequence[OrderKey] = (),
    limit: int | None = None,
    offset: int | None = None,
    metric_names: Sequence[str] | None = None,
    metrics_mart: str = "metrics_v0",
) -> tuple[str, dict[str, Any]]:
    """Rows of ``rel.target`` for every parent key in ``keys``, ``limit`` per parent.

    ``metric_names`` keeps rows whose ``metric_id`` names one of these metrics in
    ``metrics_mart`` (the target must have a ``metric_id`` column).
    """
    builder = SelectBuilder(rel.target)
    names = [builder.column(c).name for c in dict.fromkeys(columns or rel.target.column_names)]
    builder.parameters["keys"] = [str(k) for k in keys]
    source, parent = _source(rel, database, builder)
    conditions = [builder.condition(where or {})]
    if rel.bridge is None:
        conditions.append(f"{parent} IN {{keys:Array(String)}}")
    if metric_names is not None:
        builder.column("metric_id")
        names_param = builder.bind([str(n) for n in metric_names], "Array(String)")
        conditions.append(
            f"`metric_id` IN (SELECT `metric_id` FROM {quote(database)}.{quote(metrics_mart)} "
            f"WHERE `metric_name` IN {names_param})"
        )
    limit, offset = check_window(limit, offset, MAX_LIMIT)
    builder.parameters.update(limit=limit, offset=offset)
    selected = ", ".join([*(quote(n) for n in names), f"{parent} AS {quote(PARENT)}"])
    order = ", ".join(t for t in (f"{quote(PARENT)} ASC", builder.order(order_by)) if t)
    sql = (
        f"SELECT {selected} FROM {source} WHERE {' AND '.join(f'({c})' for c in conditions)} "
        f"ORDER BY {order} "
        "LIMIT {offset:UInt64}, {limit:UInt64} BY " + quote(PARENT)
    )
    return sql, builder.parameters


def aggregate_alias(function: str, column: str) -> str:
    return f"{function}__{column}"


def build_aggregate(
    spec: MartSpec,
    database: str,
    *,
    where: Filter | None = None,
    aggregates: Sequence[tuple[str, str]] = (),
) -> tuple[str, dict[str, Any]]:
    """``count()`` plus ``(function, column)`` aggregates of the rows ``where`` selects."""
    builder = SelectBuilder(spec)
    terms = ["count() AS `count`"]
    for function, name in dict.fromkeys(aggregates):
        column = builder.column(name)
        if function not in AGGREGATES:
            raise QueryError(f"unknown aggregate {function!r}")
        if column.type not in NUMERIC:
            raise QueryError(f"{name}: {function} needs a numeric column, not {column.type}")
        terms.append(
            f"{function}({quote(column.name)}) AS {quote(aggregate_alias(function, name))}"
        )
    sql = (
        f"SELECT {', '.join(terms)} FROM {quote(database)}.{quote(spec.name)} "
        f"WHERE {builder.condition(where or {})}"
    )
    return sql, builder.parameters
