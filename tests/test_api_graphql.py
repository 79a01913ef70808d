"""The GraphQL API end to end: published tables in chDB, queried over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from oso.marts import ColumnSpec, MartSpec
from oso.serving.publish import TableSpec
from oso.serving.store import ClickHouseStore
from oso.settings import get_settings
from tests.conftest import fresh_database

ARROW_TYPES = {
    "string": pa.string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "bool": pa.bool_(),
}
_PROJECT = ("project_id", "project_source", "project_namespace", "project_name")
_METRICS = (
    "repository_count", "star_count", "fork_count", "developer_count", "contributor_count",
    "contributor_count_6_months", "new_contributor_count_6_months",
    "active_developer_count_6_months", "commit_count_6_months",
    "opened_pull_request_count_6_months", "merged_pull_request_count_6_months",
    "opened_issue_count_6_months", "closed_issue_count_6_months", "comment_count_6_months",
    "release_count_6_months",
)  # fmt: skip


def _spec(name: str, columns: list[tuple[str, str]], order_by: tuple[str, ...]) -> MartSpec:
    cols = tuple(ColumnSpec(c, t, f"The {c.replace('_', ' ')}.") for c, t in columns)
    return MartSpec(name, f"Test mart {name}.", cols, order_by)


MARTS = {
    "projects_v1": _spec(
        "projects_v1",
        [(c, "string") for c in (*_PROJECT, "display_name", "description")],
        ("project_id",),
    ),
    "code_metrics_by_project_v1": _spec(
        "code_metrics_by_project_v1",
        [(c, "string") for c in (*_PROJECT, "display_name", "event_source")]
        + [("first_commit_date", "timestamp"), ("last_commit_date", "timestamp")]
        + [(c, "int64") for c in _METRICS],
        ("project_id", "event_source"),
    ),
    "projects_by_collection_v1": _spec(
        "projects_by_collection_v1",
        [(c, "string") for c in _PROJECT]
        + [(c, "string") for c in ("collection_id", "collection_source")]
        + [(c, "string") for c in ("collection_namespace", "collection_name")],
        ("collection_id", "project_id"),
    ),
    "samples_v0": _spec(
        "samples_v0",
        [
            ("sample_id", "string"),
            ("value", "float64"),
            ("flag", "bool"),
            ("day", "date"),
            ("seen_at", "timestamp"),
        ],
        ("sample_id",),
    ),
}
T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
# project_id, project_name, display_name, description, stars, forks, commits_6m
PROJECTS = [
    ("p1", "ethereum", "Ethereum", "The Ethereum protocol", 500, 50, 120),
    ("p2", "go-ethereum", "Go Ethereum", "Official Go implementation", 300, 50, 80),
    ("p3", "uniswap", "Uniswap", None, 300, 20, None),
    ("p4", "o'reilly", "O'Reilly", "A name with a quote", 10, 1, 5),
    ("p5", "opensource-observer", "Open Source Observer", "Impact metrics", 40, 20, 200),
]
NAMES = {p[0]: p[1] for p in PROJECTS}


def _rows(name: str) -> list[dict[str, Any]]:
    base = [
        {
            "project_id": p,
            "project_source": "OSS_DIRECTORY",
            "project_namespace": "oso",
            "project_name": n,
        }
        for p, n, *_ in PROJECTS
    ]
    if name == "projects_v1":
        return [
            b | {"display_name": p[2], "description": p[3]}
            for b, p in zip(base, PROJECTS, strict=True)
        ]
    if name == "code_metrics_by_project_v1":
        return [
            b
            | dict.fromkeys(_METRICS, 1)
            | {"display_name": p[2], "event_source": "GITHUB", "star_count": p[4]}
            | {"fork_count": p[5], "commit_count_6_months": p[6], "contributor_count_6_months": i}
            | {"first_commit_date": T0, "last_commit_date": T0 + dt.timedelta(days=i)}
            for i, (b, p) in enumerate(zip(base, PROJECTS, strict=True))
        ]
    if name == "projects_by_collection_v1":
        collections = {"p1": "gg-01", "p5": "gg-01", "p3": "optimism"}
        return [
            b
            | {"collection_id": f"c-{c}", "collection_source": "OSS_DIRECTORY"}
            | {"collection_namespace": "oso", "collection_name": c}
            for b in base
            if (c := collections.get(b["project_id"]))
        ]
    return [
        {"sample_id": "s1", "value": 1.5, "flag": True, "day": dt.date(2024, 1, 1), "seen_at": T0},
        {
            "sample_id": "s2", "value": -2.25, "flag": False, "day": dt.date(2024, 2, 29),
            "seen_at": dt.datetime(2024, 3, 1, 12, 30, 0, 123456, tzinfo=dt.UTC),
        },
        {"sample_id": "s3", "value": None, "flag": None, "day": None, "seen_at": None},
    ]  # fmt: skip


def publish_marts(store: Any) -> None:
    for name, spec in MARTS.items():
        schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in spec.columns])
        table = pa.Table.from_pylist(_rows(name), schema=schema)
        store.publish(TableSpec(name, spec.order_by, column_types=spec.clickhouse_types()), table)


class RecordingStore:
    """Delegates to the real store and keeps every (sql, parameters) it ran."""

    def __init__(self, store: Any) -> None:
        self.store, self.database, self.calls = store, store.database, []

    def query_rows(self, sql: str, parameters: dict[str, Any] | None = None) -> Any:
        self.calls.append((sql, parameters))
        return self.store.query_rows(sql, parameters)


@pytest.fixture(scope="module")
def published_store(chdb_client: Any) -> Iterator[ClickHouseStore]:
    """One database with the test marts for this module's read-only tests (keeps them fast)."""
    with fresh_database(chdb_client, "t_api") as store:
        publish_marts(store)
        yield store


@pytest.fixture(scope="module")
def client(published_store: ClickHouseStore, tmp_path_factory: Any) -> Iterator[TestClient]:
    settings = get_settings(home=tmp_path_factory.mktemp("oso_home"))
    app = create_app(settings, store=published_store, marts=MARTS)
    with TestClient(app) as test_client:
        yield test_client


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def gql_error(client: TestClient, query: str) -> str:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 400, response.text  # a refused request, said as one
    errors = response.json()["errors"]
    return " | ".join(e["message"] for e in errors)


def names(client: TestClient, where: str, extra: str = "") -> list[str]:
    data = gql(client, f"{{ oso_projectsV1(where: {where}{extra}) {{ projectName }} }}")
    return [row["projectName"] for row in data["oso_projectsV1"]]


def test_healthz_lists_published_marts(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "tables": sorted(MARTS)}


def test_oso_documented_queries_work_unchanged(client: TestClient) -> None:
    top = gql(
        client,
        "{ oso_codeMetricsByProjectV1(limit: 10, order_by: [{starCount: Desc}]) { projectName starCount } }",
    )["oso_codeMetricsByProjectV1"]
    assert top == [
        {"projectName": "ethereum", "starCount": 500},
        {"projectName": "go-ethereum", "starCount": 300},  # tie on stars: table key p2 < p3
        {"projectName": "uniswap", "starCount": 300},
        {"projectName": "opensource-observer", "starCount": 40},
        {"projectName": "o'reilly", "starCount": 10},
    ]
    found = gql(
        client,
        '{ oso_projectsV1(where: {displayName: {_ilike: "%ethereum%"}}) { projectId projectName } }',
    )["oso_projectsV1"]
    assert found == [
        {"projectId": "p1", "projectName": "ethereum"},
        {"projectId": "p2", "projectName": "go-ethereum"},
    ]
    gg = gql(
        client,
        '{ oso_projectsByCollectionV1(where: {collectionName: {_eq: "gg-01"}}) { projectName } }',
    )
    assert gg == {
        "oso_projectsByCollectionV1": [
            {"projectName": "ethereum"},
            {"projectName": "opensource-observer"},
        ]
    }


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ('{projectName: {_eq: "uniswap"}}', ["p3"]),
        ('{projectName: {_neq: "uniswap"}}', ["p1", "p2", "p4", "p5"]),
        ('{projectName: {_gt: "o"}}', ["p4", "p5", "p3"]),
        ('{projectName: {_gte: "opensource-observer"}}', ["p5", "p3"]),
        ('{projectName: {_lt: "go-ethereum"}}', ["p1"]),
        ('{projectName: {_lte: "go-ethereum"}}', ["p1", "p2"]),
        ('{projectName: {_in: ["uniswap", "ethereum", "nope"]}}', ["p1", "p3"]),
        ('{projectName: {_nin: ["uniswap", "ethereum"]}}', ["p2", "p4", "p5"]),
        ("{projectName: {_in: []}}", []),
        ('{projectName: {_like: "%ether%"}}', ["p1", "p2"]),
        ('{displayName: {_like: "%ether%"}}', []),  # case-sensitive
        ('{displayName: {_like: "Go %"}}', ["p2"]),
        ('{displayName: {_nlike: "%Ether%"}}', ["p3", "p4", "p5"]),
        ('{displayName: {_ilike: "%ETHER%"}}', ["p1", "p2"]),
        ('{displayName: {_nilike: "%ETHER%"}}', ["p3", "p4", "p5"]),
        ('{displayName: {_eq: "O\'Reilly"}}', ["p4"]),
        ("{description: {_is_null: true}}", ["p3"]),
        ("{description: {_is_null: false}}", ["p1", "p2", "p4", "p5"]),
        ('{description: {_neq: "x"}}', ["p1", "p2", "p4", "p5"]),  # NULL never matches
    ],
)
def test_string_operators(client: TestClient, where: str, expected: list[str]) -> None:
    order = ", order_by: [{projectName: Asc}]"
    assert names(client, where, order) == sorted(NAMES[p] for p in expected)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("{starCount: {_eq: 300}}", ["p2", "p3"]),
        ('{starCount: {_eq: "300"}}', ["p2", "p3"]),  # Int64 given as a string
        ("{starCount: {_neq: 300}}", ["p1", "p4", "p5"]),
        ("{starCount: {_gt: 300}}", ["p1"]),
        ("{starCount: {_gte: 300}}", ["p1", "p2", "p3"]),
        ("{starCount: {_lt: 40}}", ["p4"]),
        ("{starCount: {_lte: 40}}", ["p4", "p5"]),
        ("{starCount: {_in: [10, 500]}}", ["p1", "p4"]),
        ("{starCount: {_nin: [10, 500]}}", ["p2", "p3", "p5"]),
        ("{commitCount6Months: {_is_null: true}}", ["p3"]),
        ("{commitCount6Months: {_gte: 100}}", ["p1", "p5"]),
        ('{lastCommitDate: {_gt: "2024-01-03T00:00:00Z"}}', ["p4", "p5"]),
        ('{lastCommitDate: {_lte: "2024-01-02"}}', ["p1", "p2"]),
    ],
)
def test_int64_and_timestamp_operators(client: TestClient, where: str, expected: list[str]) -> None:
    data = gql(client, f"{{ oso_codeMetricsByProjectV1(where: {where}) {{ projectId }} }}")
    assert [r["projectId"] for r in data["oso_codeMetricsByProjectV1"]] == expected


def test_and_or_not(client: TestClient) -> None:
    assert names(client, '{_or: [{projectName: {_eq: "uniswap"}}, {projectId: {_eq: "p1"}}]}') == [
        "ethereum",
        "uniswap",
    ]
    assert names(
        client, '{_and: [{displayName: {_ilike: "%eth%"}}, {projectId: {_neq: "p1"}}]}'
    ) == ["go-ethereum"]
    assert names(client, '{_not: {displayName: {_ilike: "%eth%"}}}') == [
        "uniswap",
        "o'reilly",
        "opensource-observer",
    ]
    nested = (
        '{_or: [{_and: [{projectName: {_like: "%eth%"}}, {_not: {projectId: {_eq: "p1"}}}]},'
        ' {description: {_is_null: true}}], projectId: {_in: ["p2", "p3", "p4"]}}'
    )
    assert names(client, nested) == ["go-ethereum", "uniswap"]
    assert names(client, "{_or: []}") == []
    assert len(names(client, "{_and: []}")) == 5


def test_multi_key_order_limit_offset(client: TestClient) -> None:
    query = (
        "{ oso_codeMetricsByProjectV1(order_by: [{forkCount: Desc}, {starCount: Asc}], "
        "limit: %d, offset: %d) { projectName forkCount starCount } }"
    )
    full = gql(client, query % (10, 0))["oso_codeMetricsByProjectV1"]
    assert [r["projectName"] for r in full] == [
        "go-ethereum", "ethereum", "opensource-observer", "uniswap", "o'reilly",
    ]  # fmt: skip
    assert gql(client, query % (2, 1))["oso_codeMetricsByProjectV1"] == full[1:3]
    assert gql(client, query % (0, 0))["oso_codeMetricsByProjectV1"] == []
    assert gql(client, query % (5, 4))["oso_codeMetricsByProjectV1"] == full[4:]
    nulls = gql(
        client,
        "{ a: oso_codeMetricsByProjectV1(order_by: [{commitCount6Months: Desc}]) { projectId }"
        " b: oso_codeMetricsByProjectV1(order_by: [{commitCount6Months: AscNullsFirst}]) { projectId } }",
    )
    assert [r["projectId"] for r in nulls["a"]] == ["p5", "p1", "p2", "p4", "p3"]
    assert [r["projectId"] for r in nulls["b"]] == ["p3", "p4", "p2", "p1", "p5"]


def test_limits_are_enforced(client: TestClient) -> None:
    assert "exceeds the maximum of 10000" in gql_error(
        client, "{ oso_projectsV1(limit: 10001) { projectId } }"
    )
    assert "must not be negative" in gql_error(
        client, "{ oso_projectsV1(limit: -1) { projectId } }"
    )
    assert "must not be negative" in gql_error(
        client, "{ oso_projectsV1(offset: -1) { projectId } }"
    )


def test_variables_and_fragments(client: TestClient) -> None:
    query = """
      query Q($ids: [String!], $min: Oso_Int64) {
        oso_codeMetricsByProjectV1(where: {projectId: {_in: $ids}, starCount: {_gte: $min}}) {
          ...m
          ... on Oso_CodeMetricsByProjectV1 { lastCommitDate }
        }
      }
      fragment m on Oso_CodeMetricsByProjectV1 { projectName starCount }
    """
    rows = gql(client, query, {"ids": ["p1", "p2", "p4"], "min": "100"})[
        "oso_codeMetricsByProjectV1"
    ]
    assert rows == [
        {
            "projectName": "ethereum",
            "starCount": 500,
            "lastCommitDate": "2024-01-01T00:00:00+00:00",
        },
        {
            "projectName": "go-ethereum",
            "starCount": 300,
            "lastCommitDate": "2024-01-02T00:00:00+00:00",
        },
    ]


def test_injection_attempts_are_plain_values(
    client: TestClient, published_store: ClickHouseStore
) -> None:
    attempts = [
        "x' OR 1=1 --",
        "uniswap' OR '1'='1",
        "'; DROP TABLE projects_v1; --",
        "{p0:String}",
        "\\' OR 1=1 --",
    ]
    for value in attempts:
        literal = value.replace("\\", "\\\\").replace('"', '\\"')
        for op in ("_eq", "_like", "_ilike"):
            assert names(client, f'{{projectName: {{{op}: "{literal}"}}}}') == []
        assert names(client, f'{{projectName: {{_in: ["{literal}"]}}}}') == []
    assert len(names(client, '{projectName: {_nin: ["x\' OR 1=1 --"]}}')) == 5
    for order in (
        '[{projectId: "Asc; DROP TABLE projects_v1"}]',  # a direction is an enum, not text
        "[{projectId: Asc, `project_id`: Desc}]",
        "[{projectName_DESC: Asc}]",  # sort fields are the mart's columns only
        "[{project_id: Asc}]",
    ):
        assert gql_error(client, f"{{ oso_projectsV1(order_by: {order}) {{ projectId }} }}")
    database = published_store.database
    _, rows = published_store.query_rows(f"SELECT count() FROM `{database}`.`projects_v1`")
    assert rows == [(5,)]


def test_sql_is_parameterised_and_reads_only_selected_columns(
    published_store: ClickHouseStore, tmp_path: Any
) -> None:
    recorder = RecordingStore(published_store)
    app = create_app(get_settings(home=tmp_path), store=recorder, marts=MARTS)  # type: ignore[arg-type]
    with TestClient(app) as test_client:
        gql(
            test_client,
            '{ oso_projectsV1(where: {projectName: {_eq: "it\'s"}}) { projectName p: projectId } }',
        )
    sql, params = recorder.calls[-1]
    table = f"`{published_store.database}`.`projects_v1`"
    assert sql.startswith(f"SELECT `project_name`, `project_id` FROM {table}")
    assert "it's" not in sql
    assert params["p0"] == "it's"


def test_unknown_fields_are_validation_errors(client: TestClient) -> None:
    message = gql_error(client, "{ oso_projectsV1(order_by: [{starCount: Desc}]) { projectId } }")
    assert "starCount" in message
    assert "Oso_ProjectsV1OrderBy" in message
    message = gql_error(
        client, '{ oso_projectsV1(where: {projectName: {_regex: "a"}}) { projectId } }'
    )
    assert "_regex" in message
    message = gql_error(
        client, '{ oso_codeMetricsByProjectV1(where: {starCount: {_like: "1%"}}) { projectId } }'
    )
    assert "_like" in message
    assert "Sideways" in gql_error(
        client, "{ oso_projectsV1(order_by: [{projectId: Sideways}]) { projectId } }"
    )
    assert "Oso_Int64" in gql_error(
        client, '{ oso_codeMetricsByProjectV1(where: {starCount: {_eq: "many"}}) { projectId } }'
    )
    assert "use _is_null" in gql_error(
        client, "{ oso_projectsV1(where: {description: {_eq: null}}) { projectId } }"
    )


def test_scalars_roundtrip(client: TestClient) -> None:
    query = "{ oso_samplesV0(where: %s) { sampleId value flag day seenAt } }"
    rows = gql(client, query % "{}")["oso_samplesV0"]
    assert rows == [
        {"sampleId": "s1", "value": 1.5, "flag": True, "day": "2024-01-01", "seenAt": "2024-01-01T00:00:00+00:00"},
        {
            "sampleId": "s2", "value": -2.25, "flag": False, "day": "2024-02-29",
            "seenAt": "2024-03-01T12:30:00.123456+00:00",
        },
        {"sampleId": "s3", "value": None, "flag": None, "day": None, "seenAt": None},
    ]  # fmt: skip

    def ids(where: str) -> list[str]:
        return [r["sampleId"] for r in gql(client, query % where)["oso_samplesV0"]]

    assert ids("{value: {_lt: 0}}") == ["s2"]
    assert ids('{value: {_gte: "1.5"}}') == ["s1"]
    assert ids("{flag: {_eq: true}}") == ["s1"]
    assert ids('{day: {_in: ["2024-02-29"]}}') == ["s2"]
    assert ids('{day: {_gt: "2024-01-01"}}') == ["s2"]
    assert ids('{seenAt: {_eq: "2024-03-01T14:30:00.123456+02:00"}}') == ["s2"]
    assert ids('{seenAt: {_gt: "2024-03-01T12:30:00.123455"}}') == ["s2"]
    assert ids("{flag: {_is_null: true}}") == ["s3"]
    assert "Oso_Date" in gql_error(client, query % '{day: {_eq: "yesterday"}}')


def test_introspection_matches_oso_names(client: TestClient) -> None:
    data = gql(
        client,
        """{
          __schema { queryType { fields { name args { name type { name kind ofType { name kind ofType { name } } } }
                                           type { kind ofType { kind ofType { kind ofType { name } } } } } } }
          boolExp: __type(name: "Oso_CodeMetricsByProjectV1BoolExp") { inputFields { name type { name } } }
          string: __type(name: "Oso_StringBoolExp") { inputFields { name } }
          int64: __type(name: "Oso_Int64BoolExp") { inputFields { name } }
          orderBy: __type(name: "OrderBy") { enumValues { name } }
          object: __type(name: "Oso_CodeMetricsByProjectV1") { description fields { name description type { name } } }
        }""",
    )
    fields = {f["name"]: f for f in data["__schema"]["queryType"]["fields"]}
    roots = (
        "oso_projectsV1",
        "oso_codeMetricsByProjectV1",
        "oso_projectsByCollectionV1",
        "oso_samplesV0",
    )
    assert set(fields) == {*roots, *(f"{r}Aggregate" for r in roots)}
    root = fields["oso_codeMetricsByProjectV1"]
    args = {a["name"]: a["type"] for a in root["args"]}
    assert list(args) == ["where", "order_by", "limit", "offset"]
    assert args["where"]["name"] == "Oso_CodeMetricsByProjectV1BoolExp"
    assert args["order_by"]["ofType"]["ofType"]["name"] == "Oso_CodeMetricsByProjectV1OrderBy"
    assert args["limit"]["name"] == args["offset"]["name"] == "Int"
    # [Oso_CodeMetricsByProjectV1!]!
    assert root["type"]["kind"] == "NON_NULL"
    assert root["type"]["ofType"]["ofType"]["ofType"]["name"] == "Oso_CodeMetricsByProjectV1"

    bool_fields = {f["name"]: f["type"]["name"] for f in data["boolExp"]["inputFields"]}
    assert {"_and", "_or", "_not"} <= set(bool_fields)
    assert bool_fields["starCount"] == "Oso_Int64BoolExp"
    assert bool_fields["projectName"] == "Oso_StringBoolExp"
    assert bool_fields["commitCount6Months"] == "Oso_Int64BoolExp"
    assert bool_fields["firstCommitDate"] == "Oso_DateTimeBoolExp"
    common = ["_eq", "_neq", "_gt", "_gte", "_lt", "_lte", "_in", "_nin", "_is_null"]
    assert [f["name"] for f in data["int64"]["inputFields"]] == common
    assert [f["name"] for f in data["string"]["inputFields"]] == [
        *common,
        "_like",
        "_nlike",
        "_ilike",
        "_nilike",
    ]
    assert [v["name"] for v in data["orderBy"]["enumValues"]][:2] == ["Asc", "Desc"]

    obj = {f["name"]: f for f in data["object"]["fields"]}
    assert data["object"]["description"] == "Test mart code_metrics_by_project_v1."
    assert obj["starCount"]["type"]["name"] == "Oso_Int64"
    assert obj["contributorCount6Months"]["description"] == "The contributor count 6 months."
    assert {"commitCount6Months", "projectId"} <= set(obj)


def test_graphiql_is_served(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_unpublished_marts_and_unexpected_failures(serving_store: Any, tmp_path: Any) -> None:
    settings = get_settings(home=tmp_path)
    app = create_app(settings, store=serving_store, marts=MARTS)  # nothing published
    with TestClient(app) as test_client:
        assert test_client.get("/healthz").json() == {"status": "ok", "tables": []}
        message = gql_error(test_client, "{ oso_projectsV1 { projectId } }")
        assert message == "projects_v1 has not been published yet"

    class BrokenStore:
        database = "db"

        def query_rows(self, sql: str, parameters: Any = None) -> Any:
            raise RuntimeError("secret connection detail")

    app = create_app(settings, store=BrokenStore(), marts=MARTS)  # type: ignore[arg-type]
    with TestClient(app) as test_client:
        response = test_client.post("/graphql", json={"query": "{ oso_projectsV1 { projectId } }"})
        assert response.status_code == 500  # our failure, said as one, its detail hidden
        assert response.json()["errors"][0]["message"] == "Internal error."
        assert "secret" not in response.text
        assert test_client.get("/healthz").status_code == 503


def test_lifespan_leases_the_store_when_none_is_given(
    published_store: ClickHouseStore, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib

    import oso.serving.lease as lease

    seen: list[str] = []

    @contextlib.contextmanager
    def fake_hold_store(settings: Any, api_url: str) -> Iterator[Any]:
        seen.append(api_url)
        yield published_store

    monkeypatch.setattr(lease, "hold_store", fake_hold_store)
    settings = get_settings(home=tmp_path, api_port=8123)
    app = create_app(settings, marts=MARTS)
    with TestClient(app) as test_client:
        assert names(test_client, '{projectId: {_eq: "p1"}}') == ["ethereum"]
    assert seen == ["http://127.0.0.1:8123"]
    assert app.state.store is None


def test_schema_builds_without_marts(tmp_path: Any, serving_store: Any) -> None:
    app = create_app(get_settings(home=tmp_path), store=serving_store, marts={})
    with TestClient(app) as test_client:
        assert gql(test_client, "{ _empty }") == {"_empty": None}


def test_asgi_factory_and_internal_routes(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    import api.main
    from api.asgi import create

    monkeypatch.setenv("OSO_HOME", str(tmp_path))
    monkeypatch.setattr(api.main, "load_published_marts", lambda: MARTS)
    app = create()  # builds only; the store is leased when the server starts
    assert app.state.settings.home == tmp_path.resolve()
    assert app.state.store is None
    test_client = TestClient(app)  # not entered: no lifespan, so no store
    assert test_client.get("/healthz").status_code == 503
    internal = test_client.post("/internal/serving/query", json={"sql": "SELECT 1"})
    assert internal.status_code == 403  # the lead's router is mounted and wants its token
