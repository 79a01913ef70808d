"""The REST endpoints fuzzed from their OpenAPI schema (schemathesis): no input gives a 5xx.

The real app runs on a real uvicorn on loopback over a published test store; schemathesis
reads ``/openapi.json`` and sends generated requests (valid and invalid bodies, odd types,
huge and hostile strings) to every operation. Afterwards the published data is unchanged.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from api.main import create_app
from oso.serving.store import ClickHouseStore
from oso.settings import get_settings
from tests.live_server import serve_app
from tests.test_api_graphql import MARTS, published_store  # noqa: F401  (module fixture)


def checksum(store: ClickHouseStore) -> list[tuple[Any, ...]]:
    """Rows and a content hash of every published test table."""
    out = []
    for name in sorted(MARTS):
        sql = f"SELECT count(), sum(cityHash64(*)) FROM `{store.database}`.`{name}`"
        out.append((name, *store.query_rows(sql)[1][0]))
    return out


@pytest.fixture(scope="module")
def live_url(published_store: ClickHouseStore, tmp_path_factory: Any) -> Iterator[str]:  # noqa: F811
    settings = get_settings(home=tmp_path_factory.mktemp("fuzz_home"))
    with serve_app(create_app(settings, store=published_store, marts=MARTS)) as url:
        yield url


@pytest.fixture(scope="module")
def api_schema(live_url: str) -> Any:
    return schemathesis.openapi.from_url(f"{live_url}/openapi.json")


def operations(api_schema: Any) -> list[Any]:
    return [result.ok() for result in api_schema.get_all_operations()]


def test_every_rest_endpoint_fuzzed_without_a_server_error(
    api_schema: Any,
    published_store: ClickHouseStore,  # noqa: F811
) -> None:
    before = checksum(published_store)
    ops = operations(api_schema)
    assert "POST /api/v1/sql" in {f"{op.method.upper()} {op.path}" for op in ops}
    calls: list[int] = []
    for op, mode in itertools.product(ops, GenerationMode):
        if mode is GenerationMode.NEGATIVE and not list(op.body):
            continue  # nothing to get wrong in a request without a body (GET /healthz)

        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        def no_server_error(case: Any) -> None:
            response = case.call(timeout=30)
            calls.append(response.status_code)
            assert response.status_code < 500, (
                case.method, case.path, case.body, response.text[:500],
            )  # fmt: skip

        no_server_error()
    print(f"fuzzed {len(ops)} operations: {sorted(Counter(calls).items())}")
    assert len(calls) > 100  # the fuzzer really sent requests
    assert any(status >= 400 for status in calls)  # ... including ones the API refused
    assert before == checksum(published_store)
