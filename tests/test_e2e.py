"""End to end: the real GH Archive hour -> `oso run` -> API over HTTP -> numbers equal the raw file's.

`oso run` materializes the whole asset graph (registry, GH Archive, dbt, ClickHouse, website)
into a temporary OSO_HOME in its own process; then the real API server starts on it and the
test queries GraphQL over HTTP, comparing with counts it computes itself from the raw file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import httpx
import pytest

from tests.conftest import shared_data
from tests.gharchive_helpers import E2E_PROJECTS, REAL_HOUR, expected_counts, write_registry
from tests.serving_helpers import free_port, running_api

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline_home(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("e2e")
    archive = tmp / "gharchive"
    archive.mkdir()
    shutil.copy(shared_data("gharchive", REAL_HOUR), archive / REAL_HOUR)
    env = {
        **os.environ,
        "OSO_HOME": str(tmp / "home"),
        "OSO_OSS_DIRECTORY": str(write_registry(tmp / "registry")),
        "OSO_GHARCHIVE_URL": str(archive),
        "OSO_START": "2015-01-01",
        "OSO_END": "2015-01-01",
        "OSO_API_PORT": str(free_port()),
        "OSO_SOURCES": "[]",  # offline: only the registry and this GH Archive hour (others: empty tables)
    }
    done = subprocess.run(
        [sys.executable, "-m", "oso.cli", "run", "--hours", "2015-01-01-12"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    yield tmp / "home", env


@pytest.fixture(scope="module")
def api(pipeline_home: tuple[Path, dict[str, str]]) -> Iterator[str]:
    with running_api(pipeline_home[1]) as url:
        yield url


def graphql(url: str, query: str) -> dict:
    response = httpx.post(f"{url}/graphql", json={"query": query}, timeout=30)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def test_code_metrics_equal_counts_from_the_raw_file(api: str) -> None:
    expected = expected_counts(shared_data("gharchive", REAL_HOUR))
    data = graphql(
        api,
        """{ oso_codeMetricsByProjectV1(order_by: [{projectName: Asc}]) {
              projectName starCount forkCount openedPullRequestCount6Months openedIssueCount6Months } }""",
    )
    rows = {r["projectName"]: r for r in data["oso_codeMetricsByProjectV1"]}
    assert set(rows) == set(E2E_PROJECTS)
    for project, counts in expected.items():
        got = rows[project]
        assert got["starCount"] == counts["stars"], project
        assert got["forkCount"] == counts["forks"], project
        assert got["openedPullRequestCount6Months"] == counts["prs_opened"], project
        assert got["openedIssueCount6Months"] == counts["issues_opened"], project
    # the data is not trivially zero
    assert sum(c["stars"] for c in expected.values()) > 10
    assert sum(c["prs_opened"] for c in expected.values()) > 3
    assert sum(c["issues_opened"] for c in expected.values()) > 3


def test_oso_client_query_works_unchanged(api: str) -> None:
    data = graphql(
        api,
        "{ oso_codeMetricsByProjectV1(limit: 10, order_by: [{starCount: Desc}]) { projectName starCount } }",
    )
    stars = [r["starCount"] for r in data["oso_codeMetricsByProjectV1"]]
    assert stars == sorted(stars, reverse=True) and len(stars) == len(E2E_PROJECTS)
    data = graphql(
        api, '{ oso_projectsByCollectionV1(where: {collectionName: {_eq: "e2e"}}) { projectName } }'
    )
    assert {r["projectName"] for r in data["oso_projectsByCollectionV1"]} == set(E2E_PROJECTS)
    data = graphql(
        api,
        '{ oso_artifactsByProjectV1(where: {_and: [{projectName: {_eq: "kaltura"}}, {artifactSource: {_eq: "GITHUB"}}]}) '
        "{ artifactNamespace artifactName } }",
    )
    assert data["oso_artifactsByProjectV1"] and {
        r["artifactNamespace"] for r in data["oso_artifactsByProjectV1"]
    } == {"kaltura"}


def test_every_asset_was_materialized_and_the_site_built(
    pipeline_home: tuple[Path, dict[str, str]],
) -> None:
    home, _ = pipeline_home
    os.environ["DAGSTER_HOME"] = str(home / "dagster")
    instance = dg.DagsterInstance.get()
    keys = instance.get_asset_keys()
    assert dg.AssetKey(["dlt", "gharchive", "events"]) in keys
    for mart in ("projects_v1", "code_metrics_by_project_v1", "int_events"):
        assert dg.AssetKey([mart]) in keys
    assert dg.AssetKey(["clickhouse", "code_metrics_by_project_v1"]) in keys
    assert dg.AssetKey(["website", "site"]) in keys
    index = (home / "site" / "index.html").read_text()
    assert "Kaltura" in index
    assert (home / "site" / "projects" / "kaltura" / "index.html").exists()
    assert (home / "site" / "collections" / "e2e" / "index.html").exists()
