"""``POST /api/v1/sql`` end to end: published marts in chDB, FastAPI TestClient over HTTP."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any

import orjson
import pyarrow as pa
import pytest
from clickhouse_connect.driver.exceptions import Error as ClickHouseError
from fastapi.testclient import TestClient

from api.main import create_app
from api.sqlapi.run import query_settings
from oso.marts import ColumnSpec, MartSpec
from oso.serving.publish import TableSpec
from oso.serving.store import ClickHouseStore
from oso.settings import Settings, get_settings
from tests.conftest import fresh_database
from tests.test_api_graphql import ARROW_TYPES, MARTS, publish_marts

EVENTS = MartSpec(
    "events_v0",
    "Test mart of many rows.",
    tuple(
        ColumnSpec(n, t, n)
        for n, t in [
            ("event_id", "int64"),
            ("project_id", "string"),
            ("amount", "float64"),
            ("day", "date"),
            ("at", "timestamp"),
        ]
    ),
    ("event_id",),
)
UNPUBLISHED = MartSpec("funding_v0", "Known, never published.", (ColumnSpec("x", "int64"),), ("x",))
ALL_MARTS = {**MARTS, "events_v0": EVENTS, "funding_v0": UNPUBLISHED}
N_EVENTS = 3000
SPECIAL = {0: float("nan"), 1: float("inf"), 2: float("-inf"), 3: None}


def _events() -> pa.Table:
    t0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    rows = [
        {
            "event_id": i,
            "project_id": f"p{i % 5 + 1}",
            "amount": SPECIAL.get(i, i / 4),
            "day": (t0 + dt.timedelta(days=i % 40)).date(),
            "at": t0 + dt.timedelta(minutes=i, microseconds=i),
        }
        for i in range(N_EVENTS)
    ]
    schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in EVENTS.columns])
    return pa.Table.from_pylist(rows, schema=schema)


class CountingStore:
    """The real store, counting the queries that reach ClickHouse through ``query_arrow``."""

    def __init__(self, store: ClickHouseStore) -> None:
        self.store, self.database, self.runs = store, store.database, 0

    def query_arrow(self, sql: str, parameters: Any = None, settings: Any = None) -> pa.Table:
        self.runs += 1
        return self.store.query_arrow(sql, parameters, settings=settings)

    def query_rows(self, sql: str, parameters: Any = None) -> Any:
        return self.store.query_rows(sql, parameters)


@pytest.fixture(scope="module")
def store(chdb_client: Any) -> Iterator[ClickHouseStore]:
    with fresh_database(chdb_client, "t_sql") as store:
        publish_marts(store)
        publish_marts(store)  # a second time: the first versions stay as non-published tables
        spec = TableSpec("events_v0", EVENTS.order_by, EVENTS.clickhouse_types())
        store.publish(spec, _events())
        yield store


def _settings(tmp_path_factory: Any, **overrides: Any) -> Settings:
    return get_settings(
        home=tmp_path_factory.mktemp("oso_home"),
        api_rate_limit_enabled=False,
        api_cache_ttl_s=0,
        **overrides,
    )


@pytest.fixture(scope="module")
def counting(store: ClickHouseStore) -> CountingStore:
    return CountingStore(store)


@pytest.fixture(scope="module")
def client(counting: CountingStore, tmp_path_factory: Any) -> Iterator[TestClient]:
    settings = _settings(tmp_path_factory, sql_chunk_rows=1000, sql_max_rows=5000)
    app = create_app(settings, store=counting, marts=ALL_MARTS)  # type: ignore[arg-type]
    with TestClient(app) as test_client:
        yield test_client


def post(client: TestClient, query: str, fmt: str = "minimal") -> tuple[int, list[Any]]:
    body = json.dumps(
        {"query": query, "format": fmt}
    )  # ASCII JSON: a lone surrogate goes as an escape
    response = client.post(
        "/api/v1/sql", content=body, headers={"content-type": "application/json"}
    )
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/json"
        return response.status_code, [response.json()]
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return 200, [orjson.loads(line) for line in response.content.splitlines()]


def rows_of(client: TestClient, query: str) -> list[list[Any]]:
    status, lines = post(client, query)
    assert status == 200, lines
    return [row for line in lines for row in line["data"]]


def direct(store: ClickHouseStore, sql: str) -> list[list[Any]]:
    """The trusted path: hand-qualified SQL on the store itself."""
    _, rows = store.query_rows(sql.format(db=f"`{store.database}`"))
    return [list(r) for r in rows]


def fingerprint(store: ClickHouseStore) -> tuple[Any, ...]:
    """Every table in the session, and a count and checksum of each table of this database."""
    _, tables = store.query_rows(
        "SELECT database, name FROM system.tables WHERE database NOT IN "
        "('system', 'INFORMATION_SCHEMA', 'information_schema') ORDER BY database, name"
    )
    own = [name for database, name in tables if database == store.database]
    sums = [
        store.query_rows(
            f"SELECT count(), groupBitXor(cityHash64(*)) FROM `{store.database}`.`{n}`"
        )[1]
        for n in own
    ]
    _, readonly = store.query_rows("SELECT value FROM system.settings WHERE name = 'readonly'")
    return tuple(tables), tuple(map(tuple, sums)), readonly


def test_ndjson_lines_chunks_and_formats(client: TestClient, store: ClickHouseStore) -> None:
    query = (
        "SELECT event_id, project_id, amount FROM events_v0 WHERE event_id >= 4 ORDER BY event_id"
    )
    status, lines = post(client, query)
    assert status == 200
    assert len(lines) == 3  # 2996 rows in chunks of 1000
    assert lines[0]["columns"] == ["event_id", "project_id", "amount"]
    assert lines[0]["types"] == ["int64", "string", "float64"]
    assert all(set(line) == {"data"} for line in lines[1:])
    assert [len(line["data"]) for line in lines] == [1000, 1000, 996]
    expected = direct(
        store,
        "SELECT event_id, project_id, amount FROM {db}.events_v0 WHERE event_id >= 4 ORDER BY event_id",
    )
    assert [row for line in lines for row in line["data"]] == expected
    status, objects = post(client, query, fmt="json")
    assert status == 200
    assert [len(line["data"]) for line in objects] == [1000, 1000, 996]
    assert objects[0]["data"][0] == dict(zip(lines[0]["columns"], expected[0], strict=True))
    status, empty = post(client, "SELECT event_id FROM events_v0 WHERE event_id < 0")
    assert (status, empty) == (200, [{"columns": ["event_id"], "types": ["int64"], "data": []}])


def test_values_dates_timestamps_and_nan(client: TestClient) -> None:
    rows = rows_of(
        client, "SELECT sample_id, value, flag, day, seen_at FROM samples_v0 ORDER BY sample_id"
    )
    assert rows == [
        ["s1", 1.5, True, "2024-01-01", "2024-01-01T00:00:00+00:00"],
        ["s2", -2.25, False, "2024-02-29", "2024-03-01T12:30:00.123456+00:00"],
        ["s3", None, None, None, None],
    ]
    specials = rows_of(
        client, "SELECT event_id, amount FROM events_v0 WHERE event_id < 5 ORDER BY event_id"
    )
    assert specials == [[0, None], [1, None], [2, None], [3, None], [4, 1.0]]
    status, lines = post(client, "SELECT 1 / 0 AS inf, 0 / 0 AS nan, toDate('2024-05-06') AS d")
    assert status == 200
    assert lines[0]["data"] == [[None, None, "2024-05-06"]]
    assert lines[0]["types"] == ["float64", "float64", "date"]


@pytest.mark.parametrize(
    ("query", "trusted"),
    [
        (  # OSO example 7: code metrics of a collection
            "SELECT c.collection_name, sum(m.star_count) AS stars, count() AS n "
            "FROM code_metrics_by_project_v1 AS m JOIN projects_by_collection_v1 AS c "
            "ON m.project_id = c.project_id GROUP BY c.collection_name ORDER BY c.collection_name",
            "SELECT c.collection_name, sum(m.star_count), count() FROM {db}.code_metrics_by_project_v1 AS m "
            "JOIN {db}.projects_by_collection_v1 AS c ON m.project_id = c.project_id "
            "GROUP BY c.collection_name ORDER BY c.collection_name",
        ),
        (
            "WITH top AS (SELECT project_id, star_count FROM code_metrics_by_project_v1 "
            "WHERE star_count >= 300) SELECT p.project_name, top.star_count FROM top "
            "JOIN projects_v1 AS p USING (project_id) ORDER BY p.project_name",
            "SELECT p.project_name, m.star_count FROM {db}.code_metrics_by_project_v1 AS m "
            "JOIN {db}.projects_v1 AS p USING (project_id) WHERE m.star_count >= 300 ORDER BY p.project_name",
        ),
        (
            "SELECT project_id, count() AS n, round(avg(amount), 3) AS mean FROM events_v0 "
            "WHERE isFinite(amount) GROUP BY project_id HAVING n > 10 ORDER BY project_id",
            "SELECT project_id, count() AS n, round(avg(amount), 3) FROM {db}.events_v0 "
            "WHERE isFinite(amount) GROUP BY project_id HAVING n > 10 ORDER BY project_id",
        ),
        (
            "SELECT project_name FROM projects_v1 WHERE project_id IN "
            "(SELECT project_id FROM projects_by_collection_v1 WHERE collection_name = 'gg-01') "
            "UNION ALL SELECT 'end'",  # (in ClickHouse an ORDER BY here sorts the last branch)
            "SELECT project_name FROM {db}.projects_v1 WHERE project_id IN "
            "(SELECT project_id FROM {db}.projects_by_collection_v1 WHERE collection_name = 'gg-01') "
            "UNION ALL SELECT 'end'",
        ),
        (
            "SELECT project_id, event_id, sum(event_id) OVER (PARTITION BY project_id ORDER BY event_id) "
            "AS running FROM events_v0 WHERE event_id BETWEEN 10 AND 30 ORDER BY event_id",
            "SELECT project_id, event_id, sum(event_id) OVER (PARTITION BY project_id ORDER BY event_id) "
            "FROM {db}.events_v0 WHERE event_id BETWEEN 10 AND 30 ORDER BY event_id",
        ),
        (
            "SELECT toStartOfMonth(day) AS month, uniqExact(project_id), quantile(0.5)(event_id) "
            "FROM events_v0 GROUP BY month ORDER BY month",
            "SELECT toString(toStartOfMonth(day)), uniqExact(project_id), quantile(0.5)(event_id) "
            "FROM {db}.events_v0 GROUP BY 1 ORDER BY 1",
        ),
        (  # a CTE may shadow a mart's name; it is the CTE that is read
            "WITH projects_v1 AS (SELECT 'from the cte' AS project_name) SELECT project_name FROM projects_v1",
            "SELECT 'from the cte'",
        ),
    ],
)
def test_joins_ctes_aggregates_match_the_store(
    client: TestClient, store: ClickHouseStore, query: str, trusted: str
) -> None:
    rows = rows_of(client, query)
    assert rows, "the query should return rows"
    expected = [
        [str(v) if isinstance(v, dt.date) else v for v in r] for r in direct(store, trusted)
    ]
    if "UNION" in query:  # branches come in any order
        rows, expected = sorted(rows), sorted(expected)
    assert rows == expected


REJECTIONS = [
    ("SELECT 1; DROP TABLE projects_v1", "exactly one statement"),
    ("SELECT 1; SELECT 2", "exactly one statement"),
    ("SELECT 1 /* ; */; DROP TABLE projects_v1", "exactly one statement"),
    ("SELECT 1 -- comment\n; TRUNCATE TABLE projects_v1", "exactly one statement"),
    ("/* SELECT */ DROP TABLE projects_v1", "starts with DROP"),
    ("INSERT INTO projects_v1 SELECT * FROM projects_v1", "starts with INSERT"),
    ("ALTER TABLE projects_v1 DELETE WHERE 1", "starts with ALTER"),
    ("DROP TABLE projects_v1", "starts with DROP"),
    ("CREATE TABLE x (a Int8) ENGINE = Memory", "starts with CREATE"),
    ("TRUNCATE TABLE projects_v1", "starts with TRUNCATE"),
    ("OPTIMIZE TABLE projects_v1 FINAL", "starts with OPTIMIZE"),
    ("SYSTEM DROP MARK CACHE", "starts with SYSTEM"),
    ("KILL QUERY WHERE 1", "starts with KILL"),
    ("SET readonly = 0", "starts with SET"),
    ("EXPLAIN SELECT 1", "starts with EXPLAIN"),
    ("SELECT * FROM system.tables", "table system.tables is not a published table"),
    ("SELECT * FROM `system`.`tables`", "table system.tables is not a published table"),
    ('SELECT * FROM "system"."one"', "table system.one is not a published table"),
    ("SELECT * FROM `system.tables`", "table system.tables is not a published table"),
    ("SELECT * FROM other_db.projects_v1", "table other_db.projects_v1 is not a published table"),
    ("SELECT * FROM _publish_log", "table _publish_log is not a published table"),
    ("SELECT * FROM projects_v1 JOIN staging_projects USING project_id", "staging_projects is not"),
    ("SELECT 1 WHERE 'x' IN _publish_log", "IN _publish_log is not allowed"),
    ("SELECT (SELECT count() FROM system.tables)", "system.tables is not a published table"),
    ("SELECT * FROM file('/etc/passwd', 'LineAsString')", "file is not allowed"),
    ("SELECT * FROM url('http://127.0.0.1:1/x', CSV)", "table function url(...) is not allowed"),
    ("SELECT * FROM remote('127.0.0.1', system.one)", "table function remote(...) is not allowed"),
    ("SELECT * FROM numbers(1e12)", "table function numbers(...) is not allowed"),
    ("SELECT * FROM generate_series(1, 1e12)", "table function generate_series(...) is not"),
    ("SELECT * FROM projects_v1 JOIN numbers(10) AS n ON 1", "table function numbers(...) is not"),
    ("SELECT * FROM 'data.csv'", "table data.csv is not a published table"),
    ("SELECT * FROM s3('http://127.0.0.1:1/b/k.csv')", "table function s3(...) is not allowed"),
    ("SELECT * FROM executable('ls', 'LineAsString', 'x String')", "table function executable"),
    ("SELECT * FROM merge(currentDatabase(), '.*')", "not allowed"),
    ("SELECT * FROM (SELECT * FROM input('x String'))", "table function input(...) is not allowed"),
    ("SELECT * FROM VALUES ('a Int8', 1)", "VALUES is not allowed"),
    ("SELECT * FROM projects_v1 SETTINGS readonly = 0", "SETTINGS is not allowed"),
    ("SELECT * FROM (SELECT 1 SETTINGS max_execution_time = 1000)", "SETTINGS is not allowed"),
    ("SELECT * FROM projects_v1 FORMAT JSON", "FORMAT is not allowed"),
    (
        "SELECT * FROM projects_v1 INTO OUTFILE '/tmp/oso-sql-out.csv'",
        "INTO OUTFILE is not allowed",
    ),
    ("SELECT dictGet('d', 'x', toUInt64(1))", "function dictGet is not allowed"),
    ("SELECT dictHas('d', 1)", "function dictHas is not allowed"),
    ("SELECT joinGet('j', 'v', 1)", "function joinGet is not allowed"),
    ("SELECT file('/etc/hostname')", "function file is not allowed"),
    ("SELECT hasColumnInTable('system', 'tables', 'name')", "hasColumnInTable is not allowed"),
    ("SELECT getSetting('readonly')", "function getSetting is not allowed"),
    ("SELECT sleepEachRow(3) FROM projects_v1", "function sleepEachRow is not allowed"),
    ("SELECT * FROM projects_v1 WHERE project_id = {id:String}", "query parameters"),
    ("SELEC 1", "starts with SELEC"),
    ("SELECT * FROM", "invalid SQL"),
    ("SELECT 'unterminated", "invalid SQL"),
    ("   -- only a comment", "the query is empty"),
    ("SELECT '\x00'", "NUL character"),
    ("(" * 3000 + "SELECT 1" + ")" * 3000, "nested too deeply"),
]


@pytest.mark.parametrize(("query", "message"), REJECTIONS)
def test_rejected_queries_answer_400_and_change_nothing(
    client: TestClient, store: ClickHouseStore, counting: CountingStore, query: str, message: str
) -> None:
    before, runs = fingerprint(store), counting.runs
    status, body = post(client, query)
    assert status == 400, body
    assert set(body[0]) == {"error"}
    assert message in body[0]["error"]
    assert counting.runs == runs, "a rejected query reached ClickHouse"
    assert fingerprint(store) == before


def test_non_published_tables_of_the_database_are_refused(
    client: TestClient, store: ClickHouseStore
) -> None:
    _, rows = store.query_rows(
        "SELECT name FROM system.tables WHERE database = {db:String}", {"db": store.database}
    )
    others = sorted({r[0] for r in rows} - set(ALL_MARTS))
    assert "_publish_log" in others and any("projects_v1__" in n for n in others), others
    for name in others:
        status, body = post(client, f"SELECT count() FROM `{name}`")
        assert (status, body[0]["error"].split(";")[0]) == (
            400,
            f"table {name} is not a published table",
        )


def test_string_tricks_are_just_strings(client: TestClient, store: ClickHouseStore) -> None:
    before = fingerprint(store)
    tricks = [
        "a'; DROP TABLE projects_v1; --",
        "x\\' ; DROP TABLE projects_v1",
        "/* ; */ SETTINGS readonly = 0",
        "ünïcødé 🙂",
        "back\\slash",
    ]
    for value in tricks:
        literal = value.replace("\\", "\\\\").replace("'", "\\'")
        assert rows_of(client, f"SELECT '{literal}' AS s") == [[value]]
        assert rows_of(
            client, f"SELECT count() FROM projects_v1 WHERE project_name = '{literal}'"
        ) == [[0]]
    assert rows_of(
        client, "SELECT project_id FROM projects_v1 WHERE project_name = 'o''reilly'"
    ) == [["p4"]]
    assert rows_of(client, 'SELECT "project_id" FROM "projects_v1" ORDER BY 1 LIMIT 1;') == [["p1"]]
    status, body = post(client, "WITH _publish_log AS (SELECT 1 AS x) SELECT * FROM _publish_log")
    assert (status, body[0]["data"]) == (200, [[1]])  # the CTE, never the log table
    status, body = post(
        client,
        "WITH _publish_log AS (SELECT 1 AS x) SELECT * FROM _publish_log UNION ALL SELECT * FROM _publish_log",
    )
    assert status in (200, 400)  # ClickHouse may not see the CTE in the second branch ...
    if status == 200:  # ... but no branch ever reads the real _publish_log
        assert [r for line in body for r in line["data"]] == [[1], [1]]
    assert fingerprint(store) == before


def test_engine_level_read_only_settings(store: ClickHouseStore, tmp_path: Any) -> None:
    """The second line of defence, without the guard: ClickHouse itself refuses."""
    limits = query_settings(get_settings(home=tmp_path))
    before = fingerprint(store)
    db = f"`{store.database}`"
    for sql in (
        "SELECT * FROM file('/etc/passwd', 'LineAsString')",
        "SELECT * FROM url('http://127.0.0.1:1/x', 'LineAsString')",
        "SELECT * FROM executable('ls', 'LineAsString', 'x String')",
        f"INSERT INTO {db}.projects_v1 SELECT * FROM {db}.projects_v1",
        f"SELECT * FROM {db}.projects_v1 SETTINGS readonly = 0",
    ):
        with pytest.raises(ClickHouseError, match=r"READONLY|readonly"):
            store.query_arrow(sql, settings=limits)
    assert fingerprint(store) == before  # readonly did not stick to the session either
    result = store.publish(TableSpec("scratch_v0", ("a",)), pa.table({"a": [1, 2, 3]}))
    assert result.rows == 3  # the session can still write


def test_time_limit_trips_fast_and_the_store_stays_usable(
    store: ClickHouseStore, tmp_path_factory: Any
) -> None:
    settings = _settings(tmp_path_factory, sql_timeout_s=1.0)
    app = create_app(settings, store=store, marts=ALL_MARTS)
    with TestClient(app) as test_client:
        started = time.monotonic()
        status, body = post(
            test_client, "SELECT count() FROM events_v0 AS a, events_v0 AS b, events_v0 AS c"
        )
        elapsed = time.monotonic() - started
        assert status == 400
        assert "time limit of 1 s" in body[0]["error"]
        assert elapsed < 10, f"the time limit took {elapsed:.1f} s"
        # The next queries (SQL and GraphQL, same chDB handle) get their own answers.
        assert rows_of(test_client, "SELECT count() FROM events_v0") == [[N_EVENTS]]
        response = test_client.post("/graphql", json={"query": "{ oso_projectsV1 { projectId } }"})
        assert len(response.json()["data"]["oso_projectsV1"]) == 5


def test_row_cap_is_a_clear_400(store: ClickHouseStore, tmp_path_factory: Any) -> None:
    settings = _settings(tmp_path_factory, sql_max_rows=100, sql_chunk_rows=40)
    app = create_app(settings, store=store, marts=ALL_MARTS)
    with TestClient(app) as test_client:
        status, body = post(test_client, "SELECT event_id FROM events_v0")
        assert status == 400
        assert "more than 100 rows" in body[0]["error"] and "OSO_SQL_MAX_ROWS" in body[0]["error"]
        union = (
            "SELECT event_id FROM events_v0 WHERE event_id < 60 "
            "UNION ALL SELECT event_id FROM events_v0 WHERE event_id < 60"
        )
        assert post(test_client, union)[0] == 400  # a UNION's result is capped too
        status, lines = post(
            test_client, "SELECT event_id FROM events_v0 ORDER BY event_id LIMIT 100"
        )
        assert status == 200
        assert [len(line["data"]) for line in lines] == [40, 40, 20]
        assert rows_of(test_client, "SELECT count() FROM events_v0 AS a, events_v0 AS b") == [
            [N_EVENTS**2]  # the cap limits the result, not the rows a query reads
        ]


def test_clickhouse_errors_and_unpublished_marts(client: TestClient) -> None:
    status, body = post(client, "SELECT no_such_column FROM projects_v1")
    assert status == 400
    message = body[0]["error"]
    assert message.startswith("ClickHouse rejected the query:") and "no_such_column" in message
    assert "\n" not in message and "version" not in message and "Traceback" not in message
    status, body = post(client, "SELECT throwIf(count() > 0, 'boom') FROM projects_v1")
    assert status == 400 and "boom" in body[0]["error"]
    assert rows_of(client, "SELECT count() FROM projects_v1") == [[5]]  # nothing stale
    status, body = post(client, "SELECT * FROM funding_v0")
    assert (status, body) == (404, [{"error": "funding_v0 has not been published yet"}])


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"query": ""},
        {"query": 1},
        {"query": "SELECT 1", "format": "xml"},
        {"query": "SELECT 1", "extra": True},
        {"query": "SELECT 1" + " " * 100_000},
        [],
    ],
)
def test_malformed_bodies_are_422(client: TestClient, body: Any) -> None:
    response = client.post("/api/v1/sql", json=body)
    assert response.status_code == 422, response.text


def test_lone_surrogate_is_a_422_not_a_500(client: TestClient) -> None:
    response = client.post(
        "/api/v1/sql",
        content=b'{"query": "SELECT \'\\ud800\'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "query"]


def test_openapi_documents_the_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    post_op = spec["paths"]["/api/v1/sql"]["post"]
    assert "application/x-ndjson" in post_op["responses"]["200"]["content"]
    assert {"400", "404", "422", "503"} <= set(post_op["responses"])
    request = spec["components"]["schemas"]["SqlRequest"]
    assert set(request["properties"]) == {"query", "format"}
    assert rows_of(client, "SELECT 1 AS one") == [[1]]
