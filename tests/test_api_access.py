"""API access end to end: keys from the CLI, rate limits, GraphQL guards (real chDB, real HTTP)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from graphql import get_introspection_query

from api.access.keys import KeyStore
from api.main import create_app
from oso.serving.store import ClickHouseStore
from oso.settings import Settings, get_settings
from tests.conftest import fresh_database
from tests.live_server import serve_app
from tests.test_api_graphql import MARTS, publish_marts

REPO_ROOT = Path(__file__).resolve().parents[1]
QUERY = {"query": "{ oso_projectsV1(order_by: [{projectId: Asc}]) { projectId } }"}


@pytest.fixture(scope="module")
def store(chdb_client: Any) -> Iterator[ClickHouseStore]:
    """The test marts, published once for this module (requests here only read)."""
    with fresh_database(chdb_client, "t_access") as published:
        publish_marts(published)
        yield published


def settings_for(home: Path, **overrides: Any) -> Settings:
    """Limits on, cache off (the cache has its own tests), unless overridden."""
    values: dict[str, Any] = {"api_rate_limit_enabled": True, "api_cache_ttl_s": 0.0}
    return get_settings(home=home, **(values | overrides))


def tiers(anonymous: tuple[int, int], developer: tuple[int, int]) -> dict[str, Any]:
    return {
        "anonymous": {"per_minute": anonymous[0], "burst": anonymous[1]},
        "developer": {"per_minute": developer[0], "burst": developer[1]},
    }


def oso_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OSO_HOME": str(home)}
    cmd = [sys.executable, "-m", "oso.cli", "api-key", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# ---- keys -------------------------------------------------------------------------------


def test_cli_key_works_and_a_revoke_applies_within_a_second(
    store: ClickHouseStore, tmp_path: Path
) -> None:
    created = oso_cli(tmp_path, "create", "ci bot")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("oso_") and "shown only once" in created.stderr
    key_id = key.split("_")[1]
    with TestClient(create_app(settings_for(tmp_path), store=store, marts=MARTS)) as client:
        ok = client.post("/graphql", json=QUERY, headers=bearer(key))
        assert ok.status_code == 200, ok.text
        assert ok.headers["RateLimit-Policy"].startswith('"developer";')
        listed = oso_cli(tmp_path, "list")
        assert listed.returncode == 0
        assert key_id in listed.stdout and "ci bot" in listed.stdout
        assert key.split("_", 2)[2] not in listed.stdout  # the secret is never listed
        revoked = oso_cli(tmp_path, "revoke", key_id)
        assert revoked.returncode == 0, revoked.stderr
        start = time.monotonic()
        while (
            answer := client.post("/graphql", json=QUERY, headers=bearer(key))
        ).status_code == 200:
            assert time.monotonic() - start < 1.5, "the revoked key still works"
            time.sleep(0.05)
        assert answer.status_code == 401
        assert "revoked" in answer.json()["detail"]
    (row,) = [r for r in oso_cli(tmp_path, "list").stdout.splitlines() if r.startswith(key_id)]
    assert row.split()[3].startswith("20")  # the revoked_at column is filled in


def test_key_file_stores_only_a_hash_of_the_secret(tmp_path: Path) -> None:
    created = oso_cli(tmp_path, "create", "hash check", "--tier", "developer")
    key = created.stdout.strip()
    secret = key.split("_", 2)[2]
    path = tmp_path / "api_keys.sqlite"
    raw = path.read_bytes()
    assert secret.encode() not in raw and key.encode() not in raw
    with sqlite3.connect(path) as conn:
        (stored,) = conn.execute("SELECT secret_sha256 FROM api_keys").fetchone()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    assert path.stat().st_mode & 0o777 == 0o600


def test_cli_refuses_unknown_tiers_and_ids(tmp_path: Path) -> None:
    bad_tier = oso_cli(tmp_path, "create", "x", "--tier", "platinum")
    assert bad_tier.returncode == 2 and "unknown tier 'platinum'" in bad_tier.stderr
    assert "developer" in bad_tier.stderr
    bad_id = oso_cli(tmp_path, "revoke", "0123456789ab")
    assert bad_id.returncode == 1 and "no API key with id '0123456789ab'" in bad_id.stderr


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer nope", "malformed API key"),
        ("Basic dXNlcjpwYXNz", "must be 'Bearer <API key>'"),
        ("Bearer ", "must be 'Bearer <API key>'"),
        (f"Bearer oso_{'0' * 12}_{'x' * 43}", "unknown API key"),
        ("WRONG_SECRET", "unknown API key"),
    ],
)
def test_bad_keys_get_401_never_anonymous_access(
    store: ClickHouseStore, tmp_path: Path, header: str, message: str
) -> None:
    row, key = KeyStore(tmp_path / "api_keys.sqlite").create("real", "developer")
    if header == "WRONG_SECRET":  # a real id with someone else's secret
        header = f"Bearer oso_{row.id}_{'y' * 43}"
    with TestClient(create_app(settings_for(tmp_path), store=store, marts=MARTS)) as client:
        answer = client.post("/graphql", json=QUERY, headers={"Authorization": header})
        assert answer.status_code == 401
        assert message in answer.json()["detail"]
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
        assert client.post("/graphql", json=QUERY, headers=bearer(key)).status_code == 200
        assert client.get("/healthz", headers={"Authorization": header}).status_code == 200


# ---- rate limits ------------------------------------------------------------------------


def test_anonymous_and_developer_tiers_have_their_own_limits(
    store: ClickHouseStore, tmp_path: Path
) -> None:
    _, key = KeyStore(tmp_path / "api_keys.sqlite").create("dev", "developer")
    settings = settings_for(tmp_path, api_rate_limits=tiers((60, 3), (600, 6)))
    with TestClient(create_app(settings, store=store, marts=MARTS)) as client:
        anon = [client.post("/graphql", json=QUERY) for _ in range(4)]
        assert [r.status_code for r in anon] == [200, 200, 200, 429]
        assert [r.headers["RateLimit"] for r in anon[:3]] == [
            '"anonymous";r=2;t=1', '"anonymous";r=1;t=2', '"anonymous";r=0;t=3',
        ]  # fmt: skip
        assert anon[0].headers["RateLimit-Policy"] == '"anonymous";q=3;w=3'
        limited = anon[3]
        assert limited.headers["Retry-After"] == "1"
        assert limited.headers["RateLimit-Policy"] == '"anonymous";q=3;w=3'
        assert limited.headers["RateLimit"].startswith('"anonymous";r=0;')
        assert "rate limit exceeded for this client IP" in limited.json()["detail"]
        dev = [client.post("/graphql", json=QUERY, headers=bearer(key)) for _ in range(7)]
        assert [r.status_code for r in dev] == [200] * 6 + [429]  # its own bucket
        assert dev[0].headers["RateLimit-Policy"] == '"developer";q=6;w=1'
        assert "this API key" in dev[6].json()["detail"]


def test_limits_recover_after_the_retry_after(store: ClickHouseStore, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, api_rate_limits=tiers((120, 2), (600, 6)))
    with TestClient(create_app(settings, store=store, marts=MARTS)) as client:
        assert [client.post("/graphql", json=QUERY).status_code for _ in range(3)] == [
            200, 200, 429,
        ]  # fmt: skip
        retry = int(client.post("/graphql", json=QUERY).headers["Retry-After"])
        assert retry == 1  # 2 requests/s refill: the next token is < 1 s away
        time.sleep(retry)
        assert client.post("/graphql", json=QUERY).status_code == 200


def test_unlimited_routes_carry_no_limit(store: ClickHouseStore, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, api_rate_limits=tiers((60, 1), (600, 6)))
    with TestClient(create_app(settings, store=store, marts=MARTS)) as client:
        assert client.post("/graphql", json=QUERY).status_code == 200
        assert client.post("/graphql", json=QUERY).status_code == 429  # bucket empty
        for _ in range(3):
            for path in ("/healthz", "/docs", "/openapi.json"):
                answer = client.get(path)
                assert answer.status_code == 200 and "RateLimit" not in answer.headers
            page = client.get("/graphql", headers={"Accept": "text/html"})  # GraphiQL
            assert page.status_code == 200 and "RateLimit" not in page.headers
        as_get = client.get("/graphql", params={"query": "{ oso_projectsV1 { projectId } }"})
        assert as_get.status_code == 429  # a query over GET is limited like a POST


@pytest.fixture
def live_server(store: ClickHouseStore, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A real uvicorn on loopback in a thread: (base URL, a developer key)."""
    _, key = KeyStore(tmp_path / "api_keys.sqlite").create("load", "developer")
    settings = settings_for(
        tmp_path, api_rate_limits=tiers((600, 20), (1200, 40)), api_cache_ttl_s=300.0
    )
    with serve_app(create_app(settings, store=store, marts=MARTS)) as url:
        yield url, key


def test_bounded_load_never_exceeds_the_limit(live_server: tuple[str, str]) -> None:
    url, key = live_server
    seconds, results = 3.0, {"anonymous": Counter[int](), "developer": Counter[int]()}
    lock = threading.Lock()

    def worker(tier: str) -> None:
        headers = bearer(key) if tier == "developer" else {}
        with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
            while time.monotonic() < stop:
                status = client.post("/graphql", json=QUERY).status_code
                with lock:
                    results[tier][status] += 1

    start = time.monotonic()
    stop = start + seconds
    threads = [threading.Thread(target=worker, args=(t,)) for t in ["anonymous", "developer"] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    for tier, (per_minute, burst) in {"anonymous": (600, 20), "developer": (1200, 40)}.items():
        counts = results[tier]
        assert set(counts) <= {200, 429}, counts  # nothing but answers and refusals
        allowed = burst + per_minute / 60 * elapsed
        assert burst <= counts[200] <= allowed + 1, (tier, counts, allowed)
        assert counts[429] > 0, (tier, counts)  # the load really went over the limit


# ---- GraphQL guards ---------------------------------------------------------------------


def gql_errors(client: TestClient, body: dict[str, Any]) -> list[str]:
    answer = client.post("/graphql", json=body)
    assert answer.status_code < 500, answer.text
    return [e["message"] for e in answer.json().get("errors", [])]


@pytest.fixture
def guarded(store: ClickHouseStore, tmp_path: Path) -> Iterator[TestClient]:
    settings = get_settings(home=tmp_path, api_max_query_complexity=5_000)
    with TestClient(create_app(settings, store=store, marts=MARTS)) as client:
        yield client


def _nested(levels: int) -> str:
    """projects -> codeMetrics -> project -> ... ``levels`` object levels deep."""
    inner = "projectId"
    for i in reversed(range(levels)):  # codeMetrics outermost, then project, codeMetrics, ...
        inner = f"{'codeMetrics' if i % 2 == 0 else 'project'} {{ {inner} }}"
    return f"{{ oso_projectsV1(limit: 1) {{ {inner} }} }}"


def test_depth_limit_rejects_deep_queries_and_allows_introspection(guarded: TestClient) -> None:
    assert gql_errors(guarded, {"query": _nested(7)}) == []  # 8 levels of selections
    errors = gql_errors(guarded, {"query": _nested(8)})  # 9
    assert errors == ["'anonymous' exceeds maximum operation depth of 8"]
    answer = guarded.post("/graphql", json={"query": get_introspection_query()})
    assert answer.status_code == 200 and "errors" not in answer.json()
    types = {t["name"] for t in answer.json()["data"]["__schema"]["types"]}
    assert "Oso_ProjectsV1" in types


def test_complexity_limit_names_the_estimate(guarded: TestClient) -> None:
    assert gql_errors(guarded, {"query": "{ oso_projectsV1(limit: 5000) { projectId } }"}) == []
    errors = gql_errors(guarded, {"query": "{ oso_projectsV1(limit: 5001) { projectId } }"})
    assert len(errors) == 1 and "estimated 5,001 rows" in errors[0] and "5,000" in errors[0]
    # default limit 100 per list; root fields add up; an object field costs 1 + its selection
    two = "{ a: oso_projectsV1 { codeMetrics { starCount } } b: oso_samplesV0(limit: 4900) { sampleId } }"
    assert "estimated 5,100 rows" in gql_errors(guarded, {"query": two})[0]


def test_complexity_reads_variables_and_fragments(guarded: TestClient) -> None:
    query = """query Q($n: Int = 6000) { oso_projectsV1(limit: $n) { ...P } }
               fragment P on Oso_ProjectsV1 { projectId codeMetrics { starCount } }"""
    assert "estimated 12,000 rows" in gql_errors(guarded, {"query": query})[0]  # the default
    assert gql_errors(guarded, {"query": query, "variables": {"n": 10}}) == []
    too_many = gql_errors(guarded, {"query": query, "variables": {"n": 2600}})
    assert "estimated 5,200 rows" in too_many[0]


def test_max_limit_still_applies(store: ClickHouseStore, tmp_path: Path) -> None:
    with TestClient(create_app(get_settings(home=tmp_path), store=store, marts=MARTS)) as client:
        assert gql_errors(client, {"query": "{ oso_samplesV0(limit: 10000) { sampleId } }"}) == []
        errors = gql_errors(client, {"query": "{ oso_samplesV0(limit: 10001) { sampleId } }"})
    assert len(errors) == 1 and "10000" in errors[0].replace(",", "")
    assert "complex" not in errors[0]
