"""GraphQL relationships (batched, one query per level) and aggregates, over the real mart specs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from api.graphql.context import ApiContext
from api.main import create_app
from oso.marts import MartSpec, load_published_marts
from oso.serving.publish import TableSpec
from oso.serving.store import ClickHouseStore
from oso.settings import get_settings
from tests.conftest import fresh_database
from tests.test_api_graphql import ARROW_TYPES, RecordingStore, gql
from tests.test_graphql_fastpath import both_paths

MART_NAMES = (
    "projects_v1", "collections_v1", "projects_by_collection_v1", "artifacts_v1",
    "artifacts_by_project_v1", "code_metrics_by_project_v1", "metrics_v0",
    "key_metrics_by_project_v0", "timeseries_metrics_by_project_v0",
)  # fmt: skip
PROJECTS = {"p1": "alpha", "p2": "beta", "p3": "gamma"}
COLLECTIONS = {"c1": ["p1", "p2"], "c2": ["p2", "p3"], "c3": []}
ARTIFACTS = {"a1": ["p1"], "a2": ["p1"], "a3": ["p2"], "a4": ["p2", "p3"], "a5": []}
METRICS = {"m1": "GITHUB_stars_daily", "m2": "GITHUB_commits_daily"}
DAY = dt.date(2024, 1, 1)


def _timeseries() -> list[dict[str, Any]]:
    return [
        {"metric_id": m, "project_id": p, "sample_date": DAY + dt.timedelta(days=d),
         "amount": float(i * 10 + d), "unit": "count"}
        for i, p in enumerate(PROJECTS) for m in METRICS for d in range(5)
    ]  # fmt: skip


def _rows(name: str) -> list[dict[str, Any]]:
    project = {p: {"project_id": p, "project_name": n, "project_source": "OSS_DIRECTORY"}
               for p, n in PROJECTS.items()}  # fmt: skip
    return {
        "projects_v1": [project[p] | {"display_name": n.title()} for p, n in PROJECTS.items()],
        "collections_v1": [{"collection_id": c, "collection_name": f"col-{c}"} for c in COLLECTIONS],
        "projects_by_collection_v1": [
            project[p] | {"collection_id": c, "collection_name": f"col-{c}"}
            for c, ps in COLLECTIONS.items() for p in ps
        ],
        "artifacts_v1": [{"artifact_id": a, "artifact_name": f"repo-{a}"} for a in ARTIFACTS],
        "artifacts_by_project_v1": [
            project[p] | {"artifact_id": a, "artifact_name": f"repo-{a}", "artifact_type": t}
            for a, ps in ARTIFACTS.items() for p in ps
            for t in (["REPOSITORY", "DEPLOYER"] if a == "a4" else ["REPOSITORY"])
        ],
        "code_metrics_by_project_v1": [
            project[p] | {"event_source": "GITHUB", "star_count": 100 * (i + 1), "fork_count": i}
            for i, p in enumerate(PROJECTS)
        ],
        "metrics_v0": [{"metric_id": m, "metric_name": n} for m, n in METRICS.items()],
        "key_metrics_by_project_v0": [
            {"metric_id": m, "project_id": p, "sample_date": DAY, "amount": 1.0 + i}
            for i, p in enumerate(PROJECTS) for m in METRICS
        ],
        "timeseries_metrics_by_project_v0": _timeseries(),
    }[name]  # fmt: skip


def _publish(store: ClickHouseStore, spec: MartSpec) -> None:
    schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in spec.columns])
    rows = [{c: row.get(c) for c in spec.column_names} for row in _rows(spec.name)]
    table = pa.Table.from_pylist(rows, schema=schema)
    store.publish(TableSpec(spec.name, spec.order_by, spec.clickhouse_types()), table)


@pytest.fixture(scope="module")
def marts() -> dict[str, MartSpec]:
    specs = load_published_marts()
    return {name: specs[name] for name in MART_NAMES}


@pytest.fixture(scope="module")
def store(chdb_client: Any, marts: dict[str, MartSpec]) -> Iterator[RecordingStore]:
    with fresh_database(chdb_client, "t_rel") as real:
        for spec in marts.values():
            _publish(real, spec)
        yield RecordingStore(real)


@pytest.fixture(scope="module")
def client(store: RecordingStore, marts: dict, tmp_path_factory: Any) -> Iterator[TestClient]:
    settings = get_settings(home=tmp_path_factory.mktemp("oso_home"))
    with TestClient(create_app(settings, store=store, marts=marts)) as test_client:  # type: ignore[arg-type]
        yield test_client


def _queries(store: RecordingStore, client: TestClient, query: str) -> tuple[Any, int]:
    before = len(store.calls)
    data = gql(client, query)
    return data, len(store.calls) - before


def test_nested_relationships_cost_one_query_per_level(
    client: TestClient, store: RecordingStore
) -> None:
    data, queries = _queries(
        store,
        client,
        """{ oso_projectsV1(order_by: [{projectId: Asc}], limit: 10) {
              projectName
              artifacts(order_by: [{artifactId: Asc}], limit: 10) { artifactId artifactType }
              collections(limit: 10) {
                collectionName projects(order_by: [{projectId: Asc}], limit: 10) { projectId } }
              codeMetrics { starCount }
           } }""",
    )
    # projects, artifacts, collections, the collections' projects, code metrics
    assert queries == 5
    rows = {r["projectName"]: r for r in data["oso_projectsV1"]}
    for pid, name in PROJECTS.items():
        expected = sorted(
            (a, t)
            for a, ps in ARTIFACTS.items()
            if pid in ps
            for t in (["DEPLOYER", "REPOSITORY"] if a == "a4" else ["REPOSITORY"])
        )
        assert [(a["artifactId"], a["artifactType"]) for a in rows[name]["artifacts"]] == expected
        cols = {c["collectionName"]: [p["projectId"] for p in c["projects"]]
                for c in rows[name]["collections"]}  # fmt: skip
        assert cols == {f"col-{c}": ps for c, ps in COLLECTIONS.items() if pid in ps}
    assert [rows[n]["codeMetrics"]["starCount"] for n in ("alpha", "beta", "gamma")] == [
        100, 200, 300,
    ]  # fmt: skip


def test_artifact_to_project_and_empty_relations(client: TestClient) -> None:
    data = gql(
        client,
        """{ oso_artifactsV1(order_by: [{artifactId: Asc}]) {
              artifactId project { projectName } projects { projectId } } }""",
    )
    got = {r["artifactId"]: r for r in data["oso_artifactsV1"]}
    assert got["a4"]["project"] == {"projectName": "beta"}  # first of p2, p3
    assert got["a4"]["projects"] == [{"projectId": "p2"}, {"projectId": "p3"}]  # no duplicates
    assert got["a5"] == {"artifactId": "a5", "project": None, "projects": []}
    empty = gql(
        client,
        '{ oso_collectionsV1(where: {collectionId: {_eq: "c3"}}) { projects { projectId } } }',
    )
    assert empty == {"oso_collectionsV1": [{"projects": []}]}


def test_timeseries_and_key_metrics_by_name_and_dates(client: TestClient) -> None:
    data = gql(
        client,
        """{ oso_projectsV1(where: {projectId: {_in: ["p1", "p2"]}}) {
              projectId
              timeseries(metricNames: ["GITHUB_stars_daily"], from: "2024-01-02", to: "2024-01-04",
                         order_by: [{sampleDate: Desc}]) {
                sampleDate amount metric { metricName } }
              keyMetrics(metricNames: ["GITHUB_commits_daily"]) { amount metricId }
           } }""",
    )
    by_id = {r["projectId"]: r for r in data["oso_projectsV1"]}
    for i, pid in enumerate(("p1", "p2")):
        series = by_id[pid]["timeseries"]
        assert [s["sampleDate"] for s in series] == ["2024-01-04", "2024-01-03", "2024-01-02"]
        assert [s["amount"] for s in series] == [i * 10 + d for d in (3, 2, 1)]
        assert {s["metric"]["metricName"] for s in series} == {"GITHUB_stars_daily"}
        assert by_id[pid]["keyMetrics"] == [{"amount": 1.0 + i, "metricId": "m2"}]


def test_relationship_limit_applies_per_parent(client: TestClient) -> None:
    data = gql(
        client,
        "{ oso_projectsV1 { projectId timeseries(limit: 2, order_by: [{sampleDate: Asc}]) { sampleDate } } }",
    )
    for row in data["oso_projectsV1"]:
        assert [s["sampleDate"] for s in row["timeseries"]] == ["2024-01-01", "2024-01-01"]


def test_aggregates_count_sum_avg_min_max(client: TestClient) -> None:
    data = gql(
        client,
        """{ all: oso_codeMetricsByProjectV1Aggregate { count sum { starCount } avg { starCount }
                                                         min { forkCount } max { starCount } }
             some: oso_codeMetricsByProjectV1Aggregate(where: {starCount: {_gte: 200}}) {
                count sum { starCount forkCount } }
             none: oso_projectsV1Aggregate(where: {projectName: {_eq: "nope"}}) { count } }""",
    )
    assert data["all"] == {
        "count": 3,
        "sum": {"starCount": 600},
        "avg": {"starCount": 200.0},
        "min": {"forkCount": 0},
        "max": {"starCount": 300},
    }
    assert data["some"] == {"count": 2, "sum": {"starCount": 500, "forkCount": 3}}
    assert data["none"] == {"count": 0}


def test_relationship_filter_values_are_bound(client: TestClient, store: RecordingStore) -> None:
    hostile = "x' OR 1=1 --"
    before = len(store.calls)
    data = gql(
        client,
        '{ oso_projectsV1 { artifacts(where: {artifactName: {_eq: "' + hostile + '"}}) '
        "{ artifactId } } }",
    )
    assert all(r["artifacts"] == [] for r in data["oso_projectsV1"])
    sql, parameters = store.calls[before + 1]
    assert hostile not in sql and hostile in parameters.values()


FAST_QUERIES = [
    """{ oso_projectsV1(order_by: [{projectId: Asc}], limit: 10) { projectName
         artifacts(order_by: [{artifactId: Asc}], limit: 10) { artifactId artifactType }
         collections(limit: 10) { collectionName projects(order_by: [{projectId: Desc}]) { projectId } }
         codeMetrics { starCount } } }""",
    """{ oso_artifactsV1(order_by: [{artifactId: Asc}]) { artifactId project { projectName }
         projects { projectId } } }""",
    """{ oso_projectsV1(where: {projectId: {_in: ["p1", "p2"]}}) { projectId
         timeseries(metricNames: ["GITHUB_stars_daily"], from: "2024-01-02", to: "2024-01-04",
                    order_by: [{sampleDate: Desc}], limit: 2, offset: 1) {
           sampleDate amount metric { metricName } }
         keyMetrics(metricNames: ["GITHUB_commits_daily"], where: {amount: {_gt: 1.5}}) { amount } } }""",
]


@pytest.mark.parametrize("query", FAST_QUERIES)
def test_fast_path_relationships_equal_the_normal_path(
    query: str, store: RecordingStore, marts: dict, tmp_path: Any
) -> None:
    settings = get_settings(home=tmp_path)
    request = Request({"type": "http", "method": "POST", "headers": [], "path": "/graphql"})
    context = ApiContext(store=store, settings=settings, marts=marts, request=request)  # type: ignore[arg-type]
    fast, normal = both_paths(query, context, {})
    assert normal.errors is None, normal.errors
    assert fast is not None and fast.errors is None
    assert fast.data == normal.data
