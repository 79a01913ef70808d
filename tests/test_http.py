"""The shared HTTP client: retries on 429 (honouring Retry-After) and 5xx, bounded, clear errors."""

from __future__ import annotations

import time

import pytest
from pydantic import SecretStr

from oso.http import HttpClient, SourceError
from tests.replay import ReplayServer, Reply


def test_429_with_retry_after_then_success(replay: ReplayServer) -> None:
    replay.add(
        "GET",
        "/x",
        Reply(429, {"message": "slow down"}, {"Retry-After": "1"}),
        Reply(200, {"ok": 1}),
    )
    started = time.monotonic()
    with HttpClient("test", replay.url, token=SecretStr("s3cret")) as client:
        assert client.json("GET", "/x") == {"ok": 1}
    assert time.monotonic() - started >= 1.0  # waited as told
    assert len(replay.calls("/x")) == 2
    assert replay.calls("/x")[0].headers["authorization"] == "Bearer s3cret"


def test_500_then_success_and_rate_limit_reset(replay: ReplayServer) -> None:
    reset = str(int(time.time()) + 1)
    replay.add(
        "GET",
        "/y",
        Reply(500, "boom"),
        Reply(503, "x", {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}),
        Reply(200, [1, 2]),
    )
    with HttpClient("test", replay.url) as client:
        assert client.json("GET", "/y") == [1, 2]
    assert len(replay.calls("/y")) == 3


def test_gives_up_within_bound_and_never_leaks_the_token(replay: ReplayServer) -> None:
    replay.add("GET", "/z", Reply(503, "down"))
    with (
        HttpClient("github", replay.url, token=SecretStr("s3cret"), max_retry_s=1.5) as client,
        pytest.raises(SourceError) as err,
    ):
        client.json("GET", "/z")
    assert "github: GET" in str(err.value)
    assert "/z" in str(err.value)
    assert "s3cret" not in str(err.value)


def test_malformed_json_and_client_errors_name_the_request(replay: ReplayServer) -> None:
    replay.add("GET", "/bad", Reply(200, "{not json"))
    replay.add("GET", "/gone", Reply(404, {"message": "Not Found"}))
    with HttpClient("npm", replay.url) as client:
        with pytest.raises(SourceError, match=r"npm: GET .*/bad answered malformed JSON"):
            client.json("GET", "/bad")
        with pytest.raises(SourceError, match=r"npm: GET .*/gone answered 404"):
            client.json("GET", "/gone")
    assert len(replay.calls("/gone")) == 1  # a 404 is not retried


def test_api_keys_in_urls_are_redacted(replay: ReplayServer) -> None:
    from oso.http import redact

    assert (
        redact("https://opt-mainnet.example.com/v2/AbCdEf0123456789AbCdEf0123?x=1")
        == "https://opt-mainnet.example.com/v2/***"
    )
    replay.add("POST", "/v2/AbCdEf0123456789AbCdEf0123", Reply(400, "bad"))
    with HttpClient("evm", replay.url) as client, pytest.raises(SourceError) as err:
        client.json("POST", "/v2/AbCdEf0123456789AbCdEf0123", json={})
    assert "AbCdEf0123456789AbCdEf0123" not in str(err.value)
