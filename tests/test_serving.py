"""Publishing into ClickHouse: atomic swaps, checks, and chDB's one-process rule.

The lease tests start the real API server (uvicorn, its own process) on a temporary
OSO_HOME; it holds the chDB directory, and this test process publishes through it.
"""

from __future__ import annotations

import os
import threading
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

_free_port = free_port  # tests/test_e2e.py imports these two from here
__all__ = ["_free_port", "running_api"]


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


def test_readers_never_see_a_half_published_table(api_server: Settings) -> None:
    settings = api_server
    sizes = [300, 1200]
    with open_store(settings) as store:
        store.publish(projects_spec(), projects(sizes[0]))
    seen: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            seen.append(_graphql_count(settings.api_port))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        with open_store(settings) as store:
            for i in range(6):
                store.publish(projects_spec(), projects(sizes[(i + 1) % 2], tag=str(i)))
    finally:
        stop.set()
        thread.join(timeout=30)
    assert seen, "the reader made no request"
    assert set(seen) <= set(sizes), f"a reader saw a partial table: {sorted(set(seen))}"
