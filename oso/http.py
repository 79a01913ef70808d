"""HTTP for every source: bounded retries, rate limits honoured, errors that name the request.

429 and 5xx (and connection errors) are retried with exponential backoff and jitter, honouring
``Retry-After`` and ``X-RateLimit-Remaining: 0`` + ``X-RateLimit-Reset``, until ``max_retry_s``
is spent. Tokens go in headers and never appear in logs or error messages.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

log = logging.getLogger(__name__)
RETRY_STATUS = {429, 500, 502, 503, 504}


_SECRET_SEGMENT = re.compile(r"/[A-Za-z0-9_\-]{24,}(?=/|$)")


def redact(url: str) -> str:
    """A URL fit for logs: no query string, and long opaque path segments (API keys in RPC URLs,
    e.g. ``/v2/<key>``) replaced by ``/***``."""
    return _SECRET_SEGMENT.sub("/***", str(url).split("?", 1)[0])


class SourceError(RuntimeError):
    """A source request that failed for good, or answered something malformed."""


class DownloadError(SourceError):
    pass


def retry_delay(response: httpx.Response | None, attempt: int) -> float:
    """Seconds to wait before the next attempt: Retry-After if given, else exponential with jitter."""
    if response is not None:
        value = response.headers.get("Retry-After")
        if value:
            if value.strip().isdigit():
                return float(value)
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
        if (
            response.headers.get("X-RateLimit-Remaining") == "0"
            and "X-RateLimit-Reset" in response.headers
        ):
            return max(0.0, float(response.headers["X-RateLimit-Reset"]) - time.time())
    return min(60.0, 0.5 * 2**attempt) * (0.5 + random.random() / 2)


class HttpClient:
    """JSON over HTTP for one source, with retries; ``source`` names it in every error."""

    def __init__(
        self,
        source: str,
        base_url: str,
        *,
        token: SecretStr | None = None,
        auth_scheme: str = "Bearer",
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 60.0,
        max_retry_s: float = 120.0,
    ) -> None:
        self.source = source
        self.base_url = base_url.rstrip("/")
        self.max_retry_s = max_retry_s
        auth = {"Authorization": f"{auth_scheme} {token.get_secret_value()}"} if token else {}
        self._http = httpx.Client(
            timeout=timeout_s, follow_redirects=True, headers={**(headers or {}), **auth}
        )

    def url(self, path: str) -> str:
        return (
            path
            if path.startswith(("http://", "https://"))
            else f"{self.base_url}/{path.lstrip('/')}"
        )

    def request(
        self, method: str, path: str, *, ok: tuple[int, ...] = (200,), **kwargs: Any
    ) -> httpx.Response:
        """Send, retrying 429/5xx/connection errors within ``max_retry_s``; any other status fails."""
        url = self.url(path)
        deadline = time.monotonic() + self.max_retry_s
        for attempt in range(1_000):
            response: httpx.Response | None = None
            try:
                response = self._http.request(method, url, **kwargs)
                if response.status_code in ok:
                    return response
                if response.status_code not in RETRY_STATUS:
                    raise SourceError(
                        f"{self.source}: {method} {redact(url)} answered {response.status_code}: {response.text[:300]}"
                    )
            except httpx.TransportError as exc:
                log.warning(
                    "%s: %s %s failed: %s", self.source, method, redact(url), type(exc).__name__
                )
            delay = retry_delay(response, attempt)
            if time.monotonic() + delay > deadline:
                status = response.status_code if response is not None else "no response"
                raise SourceError(
                    f"{self.source}: {method} {redact(url)} still failing ({status}) after {self.max_retry_s:.0f} s of retries"
                )
            log.info(
                "%s: %s %s: retry %d in %.1f s",
                self.source,
                method,
                redact(url),
                attempt + 1,
                delay,
            )
            time.sleep(delay)
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """The decoded JSON body; a body that is not JSON fails naming the request."""
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SourceError(
                f"{self.source}: {method} {redact(str(response.url))} answered malformed JSON: {exc}"
            ) from exc

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def download(
    url: str, target: Path, *, timeout_s: float = 60.0, max_retry_s: float = 120.0
) -> Path:
    """Stream ``url`` to ``target`` (atomically: a partial download never appears as the file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with HttpClient("download", url, timeout_s=timeout_s, max_retry_s=max_retry_s) as client:
        try:
            response = client.request("GET", url)
        except SourceError as exc:
            raise DownloadError(str(exc).replace("download: ", "", 1)) from exc
        tmp.write_bytes(response.content)
    tmp.replace(target)
    return target
