"""OSO's 20 example queries (oso.md §6.4) against the API on the demo data.

The API server runs on the session's demo run (tests/demo_run.py) as its own process; every
query's answer, in its SQL form through ``POST /api/v1/sql`` and in its GraphQL form, must equal
the warehouse's answer to the same SQL (DuckDB reading the dbt marts the API was published from).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from typing import Any

import duckdb
import httpx
import pytest

from api.examples import DEMO_NAMES, EXAMPLES, Example, Rows, flat_rows, render
from tests.demo_run import DEMO_END, DemoRun
from tests.serving_helpers import free_port, running_api

pytestmark = pytest.mark.slow
DEMO_EXAMPLES = [render(e, DEMO_NAMES, dt.date.fromisoformat(DEMO_END)) for e in EXAMPLES]
GRAPHQL = [e for e in DEMO_EXAMPLES if e.graphql]


@pytest.fixture(scope="module")
def api(demo_run: DemoRun) -> Iterator[str]:
    env = {**demo_run.env, "OSO_API_PORT": str(free_port())}
    with running_api(env) as url:
        yield url


@pytest.fixture(scope="module")
def warehouse(demo_run: DemoRun) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(demo_run.warehouse), read_only=True)
    con.execute("SET search_path = 'marts'; SET TimeZone = 'UTC'")
    yield con
    con.close()


def _value(value: Any) -> Any:
    """One canonical form for a value from DuckDB, NDJSON or GraphQL."""
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        value = parsed.date() if len(value) == 10 else parsed
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return round(float(value), 6) if math.isfinite(value) else None
    return value


def canonical(rows: Rows, ordered: bool) -> list[tuple[Any, ...]]:
    out = [tuple(_value(v) for v in row) for row in rows]
    return out if ordered else sorted(out, key=repr)


def expected(warehouse: duckdb.DuckDBPyConnection, example: Example) -> list[tuple[Any, ...]]:
    rows = canonical(warehouse.execute(example.sql).fetchall(), example.ordered)
    assert rows, f"example {example.number}: the demo data gives no rows, so it proves nothing"
    return rows


def sql_api(url: str, query: str) -> tuple[list[str], Rows]:
    response = httpx.post(f"{url}/api/v1/sql", json={"query": query}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    chunks = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    columns = chunks[0]["columns"]
    rows = [tuple(r) for chunk in chunks for r in chunk.get("data", [])]
    return columns, rows


def graphql(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = {"query": query, "variables": variables or {}}
    response = httpx.post(f"{url}/graphql", json=body, timeout=60)
    payload = response.json()
    assert response.status_code == 200 and "errors" not in payload, payload
    return payload["data"]


def _variables(warehouse: duckdb.DuckDBPyConnection, example: Example) -> dict[str, Any]:
    return {
        name: [row[0] for row in warehouse.execute(sql).fetchall()]
        for name, sql in (example.variables or {}).items()
    }


@pytest.mark.parametrize("example", DEMO_EXAMPLES, ids=lambda e: f"{e.number:02d}")
def test_sql_form(api: str, warehouse: duckdb.DuckDBPyConnection, example: Example) -> None:
    columns, rows = sql_api(api, example.sql)
    assert len(columns) == len(warehouse.execute(example.sql).description)
    assert canonical(rows, example.ordered) == expected(warehouse, example)


@pytest.mark.parametrize("example", GRAPHQL, ids=lambda e: f"{e.number:02d}")
def test_graphql_form(api: str, warehouse: duckdb.DuckDBPyConnection, example: Example) -> None:
    assert example.graphql is not None
    data = graphql(api, example.graphql, _variables(warehouse, example))
    rows = (example.rows or flat_rows)(data)
    assert canonical(rows, example.ordered) == expected(warehouse, example)
