"""``oso.client.Client`` against the real API: uvicorn on loopback over a published chDB store."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from api.access.keys import KeyStore
from api.main import create_app
from oso.client import Client, OsoError
from oso.serving.remote import RemoteStore
from oso.serving.store import ClickHouseStore
from oso.settings import Settings, get_settings
from tests.live_server import free_port, serve_app
from tests.test_api_graphql import MARTS, published_store  # noqa: F401  (module fixture)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: Any) -> Settings:
    return get_settings(
        home=tmp_path_factory.mktemp("client_home"),
        api_rate_limit_enabled=False,
        api_cache_ttl_s=0,
        sql_chunk_rows=2,  # every multi-row answer spans several NDJSON lines
    )


@pytest.fixture(scope="module")
def token(published_store: ClickHouseStore) -> str:  # noqa: F811
    """The internal routes' token (what the lease sets on a served store)."""
    value = secrets.token_hex(8)
    published_store.serving_token = value  # type: ignore[attr-defined]
    return value


@pytest.fixture(scope="module")
def url(published_store: ClickHouseStore, settings: Settings, token: str) -> Iterator[str]:  # noqa: F811
    with serve_app(create_app(settings, store=published_store, marts=MARTS)) as base:
        yield base


@pytest.fixture
def client(url: str) -> Iterator[Client]:
    with Client(base_url=url) as api:
        yield api


def test_query_rows_columns_and_types(client: Client, published_store: ClickHouseStore) -> None:  # noqa: F811
    sql = "SELECT project_id, star_count, display_name FROM code_metrics_by_project_v1 ORDER BY project_id"
    result = client.query(sql)
    assert result.columns == ["project_id", "star_count", "display_name"]
    assert result.types == ["string", "int64", "string"]
    _, expected = published_store.query_rows(
        sql.replace("FROM ", f"FROM `{published_store.database}`.")
    )
    assert result.rows == [list(r) for r in expected]  # 5 rows over 3 NDJSON lines


def test_to_pandas_dtypes(client: Client) -> None:
    frame = client.to_pandas(
        "SELECT sample_id, value, flag, day, seen_at FROM samples_v0 ORDER BY sample_id"
    )
    assert list(frame.columns) == ["sample_id", "value", "flag", "day", "seen_at"]
    assert str(frame["sample_id"].dtype) == "string"
    assert frame["value"].dtype == "float64"
    assert str(frame["flag"].dtype) == "boolean"
    assert str(frame["day"].dtype).startswith("datetime64")
    assert str(frame["seen_at"].dtype).startswith("datetime64") and "UTC" in str(
        frame["seen_at"].dtype
    )
    assert frame["seen_at"][1] == pd.Timestamp("2024-03-01T12:30:00.123456Z")
    assert frame["day"][1] == pd.Timestamp("2024-02-29")
    assert frame.iloc[2].isna().sum() == 4  # s3: every value but the id is null
    counts = client.to_pandas(
        "SELECT project_id, commit_count_6_months FROM code_metrics_by_project_v1 ORDER BY project_id"
    )
    assert str(counts["commit_count_6_months"].dtype) == "Int64"  # nullable: p3 has NULL
    assert counts["commit_count_6_months"].isna().tolist() == [False, False, True, False, False]
    empty = client.to_pandas("SELECT project_id FROM projects_v1 WHERE project_id = 'none'")
    assert list(empty.columns) == ["project_id"] and len(empty) == 0


def test_graphql_data_variables_and_errors(client: Client) -> None:
    data = client.graphql(
        "query Q($ids: [String!]) { oso_projectsV1(where: {projectId: {_in: $ids}}) { projectName } }",
        {"ids": ["p1", "p3"]},
    )
    assert data == {"oso_projectsV1": [{"projectName": "ethereum"}, {"projectName": "uniswap"}]}
    with pytest.raises(OsoError, match="noSuchField"):
        client.graphql("{ oso_projectsV1 { noSuchField } }")


def test_sql_errors_carry_the_server_message(client: Client) -> None:
    with pytest.raises(OsoError) as caught:
        client.query("SELECT * FROM system.tables")
    assert caught.value.status == 400
    assert "table system.tables is not a published table" in caught.value.message
    with pytest.raises(OsoError, match=r"HTTP 400: invalid SQL: .* the end of the query"):
        client.query("SELECT 1; SELECT 2 FROM")  # not parseable here: the server decides
    with pytest.raises(OsoError, match="HTTP 422"):
        client.query("")


def test_multiple_statements_refused_before_sending() -> None:
    nobody = f"http://127.0.0.1:{free_port()}"  # no server: any request would fail to connect
    with Client(base_url=nobody) as offline:
        with pytest.raises(OsoError, match="one SQL statement per query, this has 2"):
            offline.query("SELECT 1; DROP TABLE projects_v1")
        with pytest.raises(OsoError, match="cannot reach the OSO API"):
            offline.query("SELECT 1")


def test_api_key_from_env_is_sent(
    url: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key = KeyStore(settings.api_keys_path).create("client test", "developer")
    monkeypatch.setenv("OSO_API_URL", url)
    monkeypatch.setenv("OSO_API_KEY", key)
    with Client() as from_env:
        assert from_env.base_url == url
        assert from_env.query("SELECT count() FROM projects_v1").rows == [[5]]
    monkeypatch.setenv("OSO_API_KEY", "oso_000000000000_" + "x" * 24)
    with Client() as wrong_key, pytest.raises(OsoError) as caught:
        wrong_key.graphql("{ oso_projectsV1 { projectId } }")
    assert caught.value.status == 401  # the server saw the key: anonymous would have passed
    assert "unknown API key" in caught.value.message
    monkeypatch.delenv("OSO_API_KEY")
    monkeypatch.delenv("OSO_API_URL")
    assert Client().base_url == "http://127.0.0.1:8000" and Client().api_key is None


def test_remote_store_forwards_query_settings(
    url: str,
    token: str,
    published_store: ClickHouseStore,  # noqa: F811
) -> None:
    remote = RemoteStore(url, token, published_store.database)
    table = f"`{published_store.database}`.samples_v0"
    try:
        assert remote.query_arrow(f"SELECT * FROM {table}").num_rows == 3
        limits = {"max_result_rows": 2, "result_overflow_mode": "throw"}
        with pytest.raises(RuntimeError, match="TOO_MANY_ROWS"):
            remote.query_arrow(f"SELECT * FROM {table}", settings=limits)
        with pytest.raises(RuntimeError, match="READONLY"):
            remote.query_arrow(
                f"INSERT INTO {table} SELECT * FROM {table}", settings={"readonly": 1}
            )
        assert remote.query_arrow(f"SELECT * FROM {table}").num_rows == 3
    finally:
        remote.close()
