"""Query helpers for the site's loaders: a mart's quoted name, and a query's result as plain
Python tuples read column by column (faster than Arrow's row dicts for the tens of thousands
of rows a full-registry build reads)."""

from __future__ import annotations

from typing import Any

from oso.serving.store import ServingStore


def row_tuples(
    store: ServingStore, sql: str, parameters: dict[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Rows of ``sql``; tz-aware timestamps should be selected as epoch numbers (their
    ``to_pylist`` imports pandas)."""
    table = store.query_arrow(sql, parameters)
    return list(zip(*(c.to_pylist() for c in table.columns), strict=True))


def table_name(store: ServingStore, mart: str) -> str:
    """``mart`` of the store's database, quoted for ClickHouse SQL."""
    if "`" in store.database or "`" in mart:
        raise ValueError(f"invalid table name {store.database!r}.{mart!r}")
    return f"`{store.database}`.`{mart}`"
