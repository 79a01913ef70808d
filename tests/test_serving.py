"""Publishing into ClickHouse: atomic swaps, checks, and chDB's one-process rule.

The lease tests start the real API server (uvicorn, its own process) on a temporary
OSO_HOME; it holds the chDB directory, and this test process publishes through it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyarrow as pa
import pytest

from oso.serving.lease import open_store
from oso.serving.publish import PublishError
from oso.serving.remote import RemoteStore
from oso.serving.store import ClickHouseStore
from oso.settings import Settings
from tests.serving_helpers import free_port, projects, projects_spec, running_api


def test_publish_swaps_and_keeps_the_replaced_version(serving_store: ClickHouseStore) -> None:
    first = serving_store.publish(projects_spec(), projects(3))
    assert (first.rows, first.retired_version) == (3, None)
    second = serving_store.publish(projects_spec(), projects(5, "b"))
    assert (second.rows, second.retired_version) == (5, first.version)
    assert second.version > first.version
    db = serving_store.database
    _, rows = serving_store.query_rows(f"SELECT count() FROM `{db}`.projects_v1")
    assert rows == [(5,)]
    _, rows = serving_store.query_rows(f"SELECT count() FROM `{db}`.projects_v1__{first.version}")
    assert rows == [(3,)]
    _, rows = serving_store.query_rows(
        f"SELECT table, rows, version, action FROM `{db}`._publish_log ORDER BY at"
    )
    assert rows == [
        ("projects_v1", 3, first.version, "publish"),
        ("projects_v1", 5, second.version, "publish"),
    ]


def test_failed_publish_leaves_previous_version_serving(serving_store: ClickHouseStore) -> None:
    serving_store.publish(projects_spec(), projects(2))
    bad = projects(4).set_column(0, "project_id", pa.array([None, "a", "b", "c"], pa.string()))
    with pytest.raises(PublishError, match="project_id"):
        serving_store.publish(projects_spec(), bad)
    _, rows = serving_store.query_rows(
        f"SELECT project_name FROM `{serving_store.database}`.projects_v1 ORDER BY 1"
    )
    assert rows == [("p0",), ("p1",)]


@pytest.fixture
def api_server(tmp_path: Path) -> Iterator[Settings]:
    port = free_port()
    home = str(tmp_path / "home")
    env = {**os.environ, "OSO_HOME": home, "OSO_API_PORT": str(port), "OSO_END": "2015-01-01"}
    with running_api(env):
        yield Settings(home=tmp_path / "home", api_port=port, end="2015-01-01")  # type: ignore[arg-type]


def _graphql_count(port: int) -> int:
    response = httpx.post(
        f"http://127.0.0.1:{port}/graphql",
        json={"query": "{ oso_projectsV1(limit: 10000) { projectId } }"},
        timeout=10,
    )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return len(body["data"]["oso_projectsV1"])


def test_pipeline_publishes_through_the_api_holding_the_lease(api_server: Settings) -> None:
    settings = api_server
    assert (settings.serving_dir / "endpoint.json").stat().st_mode & 0o777 == 0o600
    with open_store(settings) as store:
        assert isinstance(store, RemoteStore)  # the API holds chDB; we go through it
        result = store.publish(projects_spec(), projects(7))
        assert result.rows == 7
        table = store.query_arrow(
            f"SELECT project_name FROM `{store.database}`.projects_v1 ORDER BY project_name"
        )
        assert table.column("project_name").to_pylist()[:2] == ["p0", "p1"]
    assert _graphql_count(settings.api_port) == 7
    bad_token = httpx.post(
        f"http://127.0.0.1:{settings.api_port}/internal/serving/query",
        json={"sql": "SELECT 1"},
        headers={"X-OSO-Serving-Token": "guess"},
    )
    assert bad_token.status_code == 403


LOAD_QUERIES = (
    ("/graphql", {"query": "{ oso_projectsV1(limit: 10000) { projectId } }"}),
    ("/graphql", {"query": "{ oso_projectsV1Aggregate { count } }"}),
    ("/api/v1/sql", {"query": "SELECT count() AS n FROM projects_v1"}),
)


def _count(response: httpx.Response) -> int:
    """The row count a load query's answer reports."""
    assert response.status_code == 200, response.text[:500]
    if response.headers["content-type"].startswith("application/x-ndjson"):
        return int(json.loads(response.text.splitlines()[0])["data"][0][0])
    body = response.json()
    assert "errors" not in body, body
    data = body["data"]
    return (
        data["oso_projectsV1Aggregate"]["count"]
        if "oso_projectsV1Aggregate" in data
        else len(data["oso_projectsV1"])
    )


def test_api_answers_every_request_while_publishes_swap_tables(tmp_path: Path) -> None:
    """Bounded load (6 clients: GraphQL list, aggregate, SQL) on the real API process, with
    its response cache on, while a pipeline step republishes through it 8 times."""
    port, sizes = free_port(), (300, 1200)
    home = tmp_path / "home"
    env = {**os.environ, "OSO_HOME": str(home), "OSO_API_PORT": str(port), "OSO_END": "2015-01-01"}
    env["OSO_API_CACHE_TTL_S"] = "300"
    settings = Settings(home=home, api_port=port, end="2015-01-01")  # type: ignore[arg-type]
    seen: list[tuple[str, int]] = []
    stop = threading.Event()

    def client(worker: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            i = worker
            while not stop.is_set():
                path, body = LOAD_QUERIES[i % len(LOAD_QUERIES)]
                seen.append((path, _count(http.post(path, json=body))))
                i += 1

    with running_api(env):
        with open_store(settings) as store:
            store.publish(projects_spec(), projects(sizes[0]))
        threads = [threading.Thread(target=client, args=(w,)) for w in range(6)]
        for thread in threads:
            thread.start()
        try:
            with open_store(settings) as store:
                for i in range(8):
                    store.publish(projects_spec(), projects(sizes[(i + 1) % 2], tag=str(i)))
                    time.sleep(0.1)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        after = [_count(httpx.post(f"http://127.0.0.1:{port}{p}", json=b)) for p, b in LOAD_QUERIES]
    assert len(seen) > 100, f"only {len(seen)} requests were answered"
    assert {n for _, n in seen} <= set(sizes), f"a reader saw a partial table: {sorted(set(seen))}"
    assert {n for _, n in seen} == set(sizes)  # both versions were served during the load
    assert after == [sizes[0]] * 3  # the last publish (300 rows) is what every query sees now
