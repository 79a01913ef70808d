"""HTTP downloads with bounded retries: 429 and 5xx back off exponentially, honouring Retry-After."""

from __future__ import annotations

import email.utils
import logging
import random
import time
from pathlib import Path

import httpx

log = logging.getLogger(__name__)
RETRY_STATUS = {429, 500, 502, 503, 504}


class DownloadError(RuntimeError):
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


def download(
    url: str, target: Path, *, timeout_s: float = 60.0, max_retry_s: float = 120.0
) -> Path:
    """Stream ``url`` to ``target`` (atomically: a partial download never appears as the file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    deadline = time.monotonic() + max_retry_s
    attempt = 0
    while True:
        response: httpx.Response | None = None
        try:
            with httpx.stream("GET", url, timeout=timeout_s, follow_redirects=True) as response:
                if response.status_code == 200:
                    with tmp.open("wb") as fh:
                        for chunk in response.iter_bytes(1 << 20):
                            fh.write(chunk)
                    tmp.replace(target)
                    return target
                if response.status_code not in RETRY_STATUS:
                    raise DownloadError(f"GET {url} answered {response.status_code}")
        except httpx.TransportError as exc:
            log.warning("GET %s failed: %s", url, exc)
        delay = retry_delay(response, attempt)
        if time.monotonic() + delay > deadline:
            status = response.status_code if response is not None else "no response"
            raise DownloadError(
                f"GET {url} still failing ({status}) after {max_retry_s:.0f} s of retries"
            )
        log.info("GET %s: retrying in %.1f s", url, delay)
        time.sleep(delay)
        attempt += 1
