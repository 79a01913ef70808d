"""Publishing into ClickHouse: atomic swaps, checks, and chDB's one-process rule.

The lease tests start the real API server (uvicorn, its own process) on a temporary
OSO_HOME; it holds the chDB directory, and this test process publishes through it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyarrow as pa
import pytest

from oso.marts import load_published_marts
from oso.serving.lease import open_store
from oso.serving.publish import PublishError, TableSpec
from oso.serving.remote import RemoteStore
from oso.serving.store import ClickHouseStore
from oso.settings import Settings


def projects(n: int, tag: str = "") -> pa.Table:
    spec = load_published_marts()["projects_v1"]
    names = [f"p{i}{tag}" for i in range(n)]
    data = {c: names if c in ("project_name", "project_id") else [c] * n for c in spec.column_names}
    return pa.table(data)


def projects_spec() -> TableSpec:
    spec = load_published_marts()["projects_v1"]
    return TableSpec(spec.name, spec.order_by, spec.clickhouse_types())


def test_publish_swaps_and_keeps_previous(serving_store: ClickHouseStore) -> None:
    first = serving_store.publish(projects_spec(), projects(3))
    assert (first.rows, first.replaced_previous) == (3, False)
    second = serving_store.publish(projects_spec(), projects(5, "b"))
    assert (second.rows, second.replaced_previous) == (5, True)
    db = serving_store.database
    _, rows = serving_store.query_rows(f"SELECT count() FROM `{db}`.projects_v1")
    assert rows == [(5,)]
    _, rows = serving_store.query_rows(f"SELECT count() FROM `{db}`.projects_v1__previous")
    assert rows == [(3,)]
    _, rows = serving_store.query_rows(
        f"SELECT table, rows FROM `{db}`._publish_log ORDER BY published_at, rows"
    )
    assert rows == [("projects_v1", 3), ("projects_v1", 5)]


def test_failed_publish_leaves_previous_version_serving(serving_store: ClickHouseStore) -> None:
    serving_store.publish(projects_spec(), projects(2))
    bad = projects(4).set_column(0, "project_id", pa.array([None, "a", "b", "c"], pa.string()))
    with pytest.raises(PublishError, match="project_id"):
        serving_store.publish(projects_spec(), bad)
    _, rows = serving_store.query_rows(
        f"SELECT project_name FROM `{serving_store.database}`.projects_v1 ORDER BY 1"
    )
    assert rows == [("p0",), ("p1",)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(proc: subprocess.Popen[bytes], port: int, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        assert time.monotonic() < deadline, "API did not start"
        time.sleep(0.2)


@contextlib.contextmanager
def running_api(env: dict[str, str]) -> Iterator[str]:
    """The real API server (uvicorn, its own process) on OSO_API_PORT; yields its base URL."""
    port = env["OSO_API_PORT"]
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.asgi:create",
        "--factory",
        "--port",
        port,
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(proc, int(port))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def api_server(tmp_path: Path) -> Iterator[Settings]:
    port = _free_port()
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
