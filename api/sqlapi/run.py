"""Run a checked SQL API query with read-only ClickHouse limits; map its errors to 4xx.

The limits are the query's own SETTINGS (``ServingStore.query_arrow(settings=...)``), so
they hold for this query alone. ``readonly = 1`` is the second line of defence after the
guard: it refuses writes, settings changes and the table functions that reach outside
(``file``, ``url``, ``remote``, ``executable``, …) even if the guard let one through
(measured on chDB, the ClickHouse engine a server runs; ``readonly = 2`` lets table
functions such as ``file`` run). At the row cap the answer is a 400 error, never a
silently truncated result.
"""

from __future__ import annotations

import logging
import re

import pyarrow as pa
from clickhouse_connect.driver.exceptions import Error as ClickHouseError

from api.routers.health import present_tables
from api.sqlapi.guard import CheckedQuery, SqlApiError
from oso.serving.store import QuerySettings, ServingStore
from oso.settings import Settings

log = logging.getLogger(__name__)
_EXCEPTION = re.compile(r"Code: (?P<code>\d+)\. DB::Exception: (?P<text>[^\n]*)")
_VERSION = re.compile(r"\s*\(version [^)]*\)\.?")
TIMEOUT_EXCEEDED, TOO_MANY_ROWS, MEMORY_LIMIT, READONLY = 159, 396, 241, 164


def query_settings(settings: Settings) -> dict[str, int | float | str]:
    """The ClickHouse settings every SQL API query runs with (``readonly`` last)."""
    return {
        "max_execution_time": settings.sql_timeout_s,
        "timeout_overflow_mode": "throw",
        "max_result_rows": settings.sql_max_rows,
        "result_overflow_mode": "throw",
        "max_memory_usage": settings.sql_max_memory_bytes,
        "allow_introspection_functions": 0,
        "readonly": 1,
    }


def run_query(store: ServingStore, query: CheckedQuery, settings: Settings) -> pa.Table:
    """The query's result; ``SqlApiError`` for an unpublished mart or a ClickHouse error."""
    limits: QuerySettings = query_settings(settings)
    try:
        table = store.query_arrow(query.sql, settings=limits)
    except ClickHouseError as exc:
        if exc.code is None and not _EXCEPTION.search(str(exc)):
            log.exception("the serving store failed to run a SQL API query")
            raise SqlApiError("the serving store is unavailable", status=503) from exc
        _raise_if_unpublished(store, query)
        raise SqlApiError(clickhouse_message(str(exc), settings)) from exc
    if table.num_rows > settings.sql_max_rows:  # ClickHouse checks SELECT results; be sure
        raise SqlApiError(_row_cap(settings))
    return table


def _raise_if_unpublished(store: ServingStore, query: CheckedQuery) -> None:
    """After a failed query (only then: it costs a lookup), a 404 if a mart it reads is
    not published yet."""
    present = set(present_tables(store, list(query.marts))) if query.marts else set()
    missing = [m for m in query.marts if m not in present]
    if missing:
        raise SqlApiError(f"{missing[0]} has not been published yet", status=404)


def clickhouse_message(text: str, settings: Settings) -> str:
    """A ClickHouse error as one line for the caller: the limit hit, or its first line."""
    match = _EXCEPTION.search(text)
    code = int(match["code"]) if match else None
    if code == TIMEOUT_EXCEEDED:
        return (
            f"the query ran past the time limit of {settings.sql_timeout_s:g} s "
            "(OSO_SQL_TIMEOUT_S); narrow it with WHERE, LIMIT or fewer joins"
        )
    if code == TOO_MANY_ROWS:
        return _row_cap(settings)
    if code == MEMORY_LIMIT:
        return (
            f"the query needed more than {settings.sql_max_memory_bytes} bytes of memory "
            "(OSO_SQL_MAX_MEMORY_BYTES); aggregate or filter earlier"
        )
    if code == READONLY:
        return "the SQL API is read-only: the query tried to write or to reach outside the data"
    first = match["text"] if match else (text.strip().splitlines() or ["unknown error"])[0]
    return f"ClickHouse rejected the query: {_VERSION.sub('', first).strip()[:1000]}"


def _row_cap(settings: Settings) -> str:
    return (
        f"the result has more than {settings.sql_max_rows} rows, the SQL API's row cap "
        "(OSO_SQL_MAX_ROWS); add a LIMIT or aggregate"
    )
