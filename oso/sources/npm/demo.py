"""Synthetic npm downloads for the demo (no internet): a stand-in for the downloads API.

``demo_handler(settings)`` answers ``GET /downloads/range/{start}:{end}/{package}`` (a scoped
package's slash encoded as ``%2F``) and the bulk form ``.../a,b,c`` like api.npmjs.org, for any
package name. The numbers are SYNTHETIC: a deterministic function of the package name and the
day (a per-package level, a weekday/weekend rhythm and hash jitter), identical on every run.
Every answer carries the header ``X-OSO-Synthetic: true``, and the ingestion reports it.
Days after OSO_END are not served (they have not happened in the demo's world).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from oso.settings import Settings
from oso.sources.npm.settings import (
    EARLIEST_DAY,
    MAX_BULK_DAYS,
    MAX_BULK_PACKAGES,
    MAX_SINGLE_DAYS,
    SYNTHETIC_HEADER,
)

Handler = Callable[[str, str, dict[str, list[str]], bytes], tuple[int, dict[str, str], bytes]]
_RANGE = re.compile(r"^/downloads/range/(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})/(.+)$")
_HEADERS = {"Content-Type": "application/json", SYNTHETIC_HEADER: "true"}


def _unit(*parts: str) -> float:
    """A deterministic number in [0, 1) from the parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def synthetic_downloads(package: str, day: dt.date) -> int:
    """The demo's (made-up) downloads of ``package`` on ``day``."""
    level = 20 + int(50_000 * _unit(package, "level") ** 3)  # a few big packages, many small
    rhythm = 0.55 if day.weekday() >= 5 else 1.0
    jitter = 0.8 + 0.4 * _unit(package, day.isoformat())
    return int(level * rhythm * jitter)


def _range_object(package: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return {
        "start": f"{start:%Y-%m-%d}",
        "end": f"{end:%Y-%m-%d}",
        "package": package,
        "downloads": [
            {"day": f"{day:%Y-%m-%d}", "downloads": synthetic_downloads(package, day)}
            for day in days
        ],
    }


def _error(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, dict(_HEADERS), json.dumps({"error": message}).encode()


def _range(
    names: list[str], start: dt.date, end: dt.date, as_of: dt.date
) -> tuple[int, dict[str, str], bytes]:
    bulk = len(names) > 1
    if bulk and any(name.startswith("@") for name in names):
        return _error(400, "scoped packages are not supported in bulk queries")
    if len(names) > MAX_BULK_PACKAGES:
        return _error(400, f"bulk queries are limited to {MAX_BULK_PACKAGES} packages")
    if start > end or (end - start).days + 1 > (MAX_BULK_DAYS if bulk else MAX_SINGLE_DAYS):
        return _error(400, f"invalid or too long range {start}:{end}")
    start, end = max(start, EARLIEST_DAY), min(end, as_of)
    if start > end:
        return _error(404, f"no stats for {','.join(names)} in this range")
    objects = {name: _range_object(name, start, end) for name in names}
    body = objects if bulk else objects[names[0]]
    return 200, dict(_HEADERS), json.dumps(body).encode()


def demo_handler(settings: Settings) -> Handler:
    """The handler the demo upstream mounts under ``/npm/``."""
    as_of = settings.as_of

    def handle(
        method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        match = _RANGE.match(path)
        if method != "GET" or not match:
            return _error(400, f"the npm demo serves GET /downloads/range/... only, not {path}")
        try:
            start, end = (dt.date.fromisoformat(match.group(i)) for i in (1, 2))
        except ValueError:
            return _error(400, "invalid date")
        names = [urllib.parse.unquote(name) for name in match.group(3).split(",")]
        return _range(names, start, end, as_of)

    return handle
