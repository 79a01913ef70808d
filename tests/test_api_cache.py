"""The API response cache: HIT/MISS, TTL, LRU, size cap, errors, invalidation on publish."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from api.access.cache import cache_key
from api.access.middleware import AccessMiddleware
from api.access.watch import publish_marker
from api.access.wiring import build_access
from api.main import create_app
from oso.serving.publish import TableSpec
from oso.serving.store import ClickHouseStore
from oso.settings import Settings, get_settings
from tests.test_api_graphql import ARROW_TYPES, MARTS, publish_marts

NAMES = {"query": "{ oso_projectsV1(order_by: [{projectId: Asc}]) { projectName } }"}


def settings_for(home: Path, **overrides: Any) -> Settings:
    """Cache on, limits off, unless overridden."""
    values: dict[str, Any] = {"api_cache_ttl_s": 300.0, "api_rate_limit_enabled": False}
    return get_settings(home=home, **(values | overrides))


@pytest.fixture
def store(serving_store: ClickHouseStore) -> ClickHouseStore:
    publish_marts(serving_store)
    return serving_store


def client_for(store: ClickHouseStore, settings: Settings) -> TestClient:
    return TestClient(create_app(settings, store=store, marts=MARTS))


def names(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [row["projectName"] for row in answer.json()["data"]["oso_projectsV1"]]


def republish_projects(store: ClickHouseStore, project_names: list[str]) -> None:
    spec = MARTS["projects_v1"]
    schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in spec.columns])
    rows = [
        {"project_id": f"q{i}", "project_source": "OSS_DIRECTORY", "project_namespace": "oso"}
        | {"project_name": name, "display_name": name, "description": None}
        for i, name in enumerate(project_names)
    ]
    table = pa.Table.from_pylist(rows, schema=schema)
    store.publish(TableSpec("projects_v1", spec.order_by, spec.clickhouse_types()), table)


def test_second_identical_query_is_a_hit(store: ClickHouseStore, tmp_path: Path) -> None:
    with client_for(store, settings_for(tmp_path)) as client:
        first = client.post("/graphql", json=NAMES)
        assert first.headers["X-Cache"] == "MISS"
        again = client.post("/graphql", json={"query": f"\n  {NAMES['query']}  \n"})
        assert again.headers["X-Cache"] == "HIT"
        assert again.content == first.content and names(again) == names(first)
        other = client.post(
            "/graphql",
            json={
                "query": "query($n: Int) { oso_projectsV1(limit: $n) { projectName } }",
                "variables": {"n": 2},
            },
        )
        assert other.headers["X-Cache"] == "MISS" and len(names(other)) == 2
        assert client.get("/healthz").headers.get("X-Cache") is None  # not an API route


def test_errors_and_large_responses_are_not_cached(store: ClickHouseStore, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, api_cache_max_response_bytes=300)
    with client_for(store, settings) as client:
        bad = {"query": "{ oso_projectsV1 { nope } }"}
        assert [client.post("/graphql", json=bad).headers["X-Cache"] for _ in range(2)] == [
            "MISS", "MISS",
        ]  # fmt: skip
        big = {"query": "{ oso_projectsV1 { projectId projectName displayName description } }"}
        assert len(client.post("/graphql", json=big).content) > 300
        assert client.post("/graphql", json=big).headers["X-Cache"] == "MISS"
        small = {"query": "{ oso_projectsV1(limit: 1) { projectId } }"}
        assert [client.post("/graphql", json=small).headers["X-Cache"] for _ in range(2)] == [
            "MISS", "HIT",
        ]  # fmt: skip


def test_entries_expire_after_the_ttl(store: ClickHouseStore, tmp_path: Path) -> None:
    with client_for(store, settings_for(tmp_path, api_cache_ttl_s=0.5)) as client:
        seen = [client.post("/graphql", json=NAMES).headers["X-Cache"] for _ in range(2)]
        time.sleep(0.6)
        seen.append(client.post("/graphql", json=NAMES).headers["X-Cache"])
    assert seen == ["MISS", "HIT", "MISS"]


def test_least_recently_used_entries_go_first(store: ClickHouseStore, tmp_path: Path) -> None:
    queries = [{"query": f"{{ oso_projectsV1(limit: {n}) {{ projectId }} }}"} for n in (1, 2, 3)]
    with client_for(store, settings_for(tmp_path, api_cache_max_entries=2)) as client:
        for query in queries:
            client.post("/graphql", json=query)
        assert client.post("/graphql", json=queries[2]).headers["X-Cache"] == "HIT"
        assert client.post("/graphql", json=queries[0]).headers["X-Cache"] == "MISS"  # evicted
        assert len(client.app.state.access.cache) == 2  # type: ignore[attr-defined]


def test_cached_hits_still_count_against_the_rate_limit(
    store: ClickHouseStore, tmp_path: Path
) -> None:
    tiers = {"anonymous": {"per_minute": 60, "burst": 3}}
    settings = settings_for(tmp_path, api_rate_limit_enabled=True, api_rate_limits=tiers)
    with client_for(store, settings) as client:
        answers = [client.post("/graphql", json=NAMES) for _ in range(4)]
    assert [a.headers.get("X-Cache") for a in answers] == ["MISS", "HIT", "HIT", None]
    assert answers[2].headers["RateLimit"].startswith('"anonymous";r=0;')
    assert answers[3].status_code == 429


def test_on_publish_clears_the_cache(store: ClickHouseStore, tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path, api_cache_poll_s=60), store=store, marts=MARTS)
    with TestClient(app) as client:
        before = names(client.post("/graphql", json=NAMES))
        assert client.post("/graphql", json=NAMES).headers["X-Cache"] == "HIT"
        republish_projects(store, ["zeta", "eta"])
        assert names(client.post("/graphql", json=NAMES)) == before  # served from the cache
        app.state.on_publish("projects_v1")  # what the internal publish/rollback routes call
        fresh = client.post("/graphql", json=NAMES)
    assert fresh.headers["X-Cache"] == "MISS" and names(fresh) == ["zeta", "eta"]


def test_a_publish_by_another_process_is_seen_in_the_publish_log(
    serving_store: ClickHouseStore, tmp_path: Path
) -> None:
    assert publish_marker(serving_store) is None  # no _publish_log table yet: not an error
    settings = settings_for(tmp_path, api_cache_poll_s=0.1)
    with client_for(serving_store, settings) as client:
        missing = client.post("/graphql", json=NAMES)
        assert "has not been published yet" in missing.json()["errors"][0]["message"]
        republish_projects(serving_store, ["alpha"])  # the store, not the API: no callback
        marker = publish_marker(serving_store)
        assert marker is not None and marker[0] == 1
        deadline = time.monotonic() + 3
        while (answer := client.post("/graphql", json=NAMES)).headers["X-Cache"] != "HIT":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert names(answer) == ["alpha"]
        republish_projects(serving_store, ["beta"])
        start = time.monotonic()
        while names(client.post("/graphql", json=NAMES)) == ["alpha"]:
            assert time.monotonic() - start < 3, "the cache was not cleared after a publish"
            time.sleep(0.05)
        assert time.monotonic() - start < 1.0  # polled every 0.1 s


def test_cache_key_normalises_only_what_cannot_change_the_answer() -> None:
    key = cache_key("/graphql", json.dumps({"query": " { a } ", "variables": {}}).encode())
    assert key == cache_key("/graphql", b'{"query": "{ a }"}')
    assert key == cache_key("/graphql", b'{"variables": null, "query": "{ a }"}')
    assert key != cache_key("/graphql", b'{"query": "{  a }"}')  # inside the query counts
    assert key != cache_key("/api/v1/sql", b'{"query": "{ a }"}')
    assert key != cache_key("/graphql", b'{"query": "{ a }", "operationName": "A"}')
    sql = cache_key("/api/v1/sql", b'{"query": "SELECT 1", "format": "minimal"}')
    assert sql != cache_key("/api/v1/sql", b'{"query": "SELECT 1", "format": "json"}')
    assert cache_key("/graphql", b"not json") is None
    assert cache_key("/graphql", b"[1, 2]") is None


# ---- /api/v1/sql: a streaming NDJSON route behind the same middleware --------------------


async def _sql(request: Request) -> StreamingResponse | JSONResponse:
    """A stand-in for the SQL API: NDJSON lines; an ``error`` line or a 400 when asked."""
    body = await request.json()
    request.app.state.calls += 1
    if body["query"] == "bad":
        return JSONResponse({"detail": "bad query"}, status_code=400)
    lines = int(body.get("lines", 2))
    tail = [{"error": "query failed mid-stream"}] if body["query"] == "fails" else []

    async def stream() -> AsyncIterator[bytes]:
        for i in range(lines):
            yield (json.dumps({"data": [[i, "x" * 50]]}) + "\n").encode()
        for item in tail:
            yield (json.dumps(item) + "\n").encode()

    return StreamingResponse(stream(), media_type="application/x-ndjson")


@pytest.fixture
def sql_client(serving_store: ClickHouseStore, tmp_path: Path) -> Iterator[TestClient]:
    inner = Starlette(routes=[Route("/api/v1/sql", _sql, methods=["POST"])])
    inner.state.calls = 0
    inner.state.store = serving_store  # the publish watcher looks at its (absent) log
    settings = settings_for(tmp_path, api_cache_max_response_bytes=2_000)
    access = build_access(inner, settings)
    with TestClient(AccessMiddleware(inner, access)) as client:
        client.app_state = inner.state  # type: ignore[attr-defined]
        yield client


def test_sql_streams_are_cached_unless_failed_or_too_big(sql_client: TestClient) -> None:
    def run(**body: Any) -> tuple[str, bytes]:
        answer = sql_client.post("/api/v1/sql", json=body)
        return answer.headers["X-Cache"], answer.content

    first = run(query="SELECT 1", format="minimal")
    assert first[0] == "MISS" and first[1].count(b"\n") == 2
    assert run(query="SELECT 1", format="minimal") == ("HIT", first[1])
    assert run(query="SELECT 1", format="json")[0] == "MISS"  # format is part of the key
    assert [run(query="fails")[0] for _ in range(2)] == ["MISS", "MISS"]
    assert [run(query="SELECT big", lines=40)[0] for _ in range(2)] == ["MISS", "MISS"]
    bad = [sql_client.post("/api/v1/sql", json={"query": "bad"}) for _ in range(2)]
    assert [b.status_code for b in bad] == [400, 400]
    assert [b.headers["X-Cache"] for b in bad] == ["MISS", "MISS"]
    assert sql_client.app_state.calls == 8  # type: ignore[attr-defined]  # every MISS ran
