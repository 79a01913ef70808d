"""GET on the GitHub REST API with conditional requests, rate limits and 404s as answers.

Every request goes through :class:`oso.http.HttpClient` (retries of 429/5xx, ``Retry-After``,
errors naming the request, the token only in a header). On top of it:

* a URL answered before is sent with ``If-None-Match``; a 304 reuses the cached body;
* GitHub's rate-limit 403 (``X-RateLimit-Remaining: 0`` or ``Retry-After``) waits and retries
  within ``max_retry_s``; any other 403 fails;
* 404 is an answer (``Answer.found`` false), not an error;
* a body is cached only after the caller's ``validate`` accepted it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from oso.http import HttpClient, SourceError, retry_delay
from oso.sources.github.cache import CachedAnswer, EtagCache
from oso.sources.github.settings import SOURCE, SYNTHETIC_HEADER

Validate = Callable[[Any, str], None]  # (decoded body, "GET <url>") -> raises SourceError


@dataclass(frozen=True)
class Answer:
    request: str  # "GET <url>", for messages
    found: bool
    body: Any = None
    next_url: str | None = None
    not_modified: bool = False
    synthetic: bool = False


def _rate_limited(response: httpx.Response) -> bool:
    return response.status_code in (403, 429) and (
        response.headers.get("X-RateLimit-Remaining") == "0" or "Retry-After" in response.headers
    )


class GithubApi:
    def __init__(self, client: HttpClient, cache: EtagCache, max_retry_s: float) -> None:
        self.client = client
        self.cache = cache
        self.max_retry_s = max_retry_s
        self.requests = 0
        self.not_modified = 0

    def _send(self, url: str, headers: dict[str, str]) -> httpx.Response:
        """GET, waiting out GitHub's rate-limit 403s (HttpClient retries 429 and 5xx itself)."""
        deadline = time.monotonic() + self.max_retry_s
        for attempt in range(1_000):
            self.requests += 1
            response = self.client.request("GET", url, ok=(200, 304, 403, 404), headers=headers)
            if response.status_code != 403:
                return response
            delay = retry_delay(response, attempt)
            if not _rate_limited(response) or time.monotonic() + delay > deadline:
                reset = response.headers.get("X-RateLimit-Reset", "?")
                raise SourceError(
                    f"{SOURCE}: GET {url} answered 403 (rate limit reset {reset}): "
                    f"{response.text[:300]}"
                )
            time.sleep(delay)
        raise AssertionError("unreachable")

    def get(self, path: str, validate: Validate) -> Answer:
        """The answer of ``path`` (a path under the base URL or an absolute next-page URL)."""
        url = self.client.url(path)
        request = f"GET {url}"
        cached = self.cache.get(url)
        headers = {"If-None-Match": cached.etag} if cached else {}
        response = self._send(url, headers)
        if response.status_code == 404:
            self.cache.drop(url)
            return Answer(request, found=False)
        if response.status_code == 304:
            if cached is None:
                raise SourceError(f"{SOURCE}: {request} answered 304 to an unconditional request")
            self.not_modified += 1
            body = json.loads(cached.body)
            return Answer(request, True, body, cached.next_url, True, cached.synthetic)
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SourceError(f"{SOURCE}: {request} answered malformed JSON: {exc}") from exc
        validate(body, request)
        next_url = response.links.get("next", {}).get("url")
        synthetic = response.headers.get(SYNTHETIC_HEADER, "").lower() == "true"
        etag = response.headers.get("ETag")
        if etag:
            self.cache.put(CachedAnswer(url, etag, response.text, next_url, synthetic))
        else:
            self.cache.drop(url)
        return Answer(request, True, body, next_url, False, synthetic)
