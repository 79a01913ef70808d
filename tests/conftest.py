"""Shared fixtures.

chDB allows one data directory per process, so the whole test session shares one chDB
directory; each test gets its own database inside it (``serving_store``).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
# The API's rate limits and response cache are off unless a test turns them on
# (tests/test_api_access.py, tests/test_api_cache.py pass explicit settings).
os.environ.setdefault("OSO_API_RATE_LIMIT_ENABLED", "false")
os.environ.setdefault("OSO_API_CACHE_TTL_S", "0")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test with a clear reason when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared test data at {path} (../shared/data beside the repository)")
    return path


@pytest.fixture(scope="session")
def chdb_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    import clickhouse_connect

    path = tmp_path_factory.mktemp("chdb")
    client = clickhouse_connect.get_client(dsn=f"chdb://{path}")
    yield client
    client.close()


@contextlib.contextmanager
def fresh_database(chdb_client: Any, prefix: str = "t") -> Iterator[Any]:
    """A ClickHouseStore on the session's chDB in a new database, dropped afterwards."""
    from oso.serving.store import ClickHouseStore

    database = f"{prefix}_{uuid.uuid4().hex[:12]}"
    chdb_client.command(f"CREATE DATABASE `{database}`")
    try:
        yield ClickHouseStore(chdb_client, database)
    finally:
        chdb_client.command(f"DROP DATABASE IF EXISTS `{database}`")


@pytest.fixture
def serving_store(chdb_client: object) -> Iterator[object]:
    """A ClickHouseStore on the session's chDB, with a fresh database for this test."""
    with fresh_database(chdb_client) as store:
        yield store


@pytest.fixture
def replay() -> Iterator[object]:
    """A loopback HTTP server replaying scripted responses (see tests/replay.py)."""
    from tests.replay import ReplayServer

    with ReplayServer() as server:
        yield server


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The offline demo, run once per test session (tests/demo_run.py)."""
    from tests.demo_run import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"))
