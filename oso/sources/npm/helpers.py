"""Fetch daily npm downloads for a set of packages over a date range, validated, as Arrow.

Unscoped packages go in bulk requests (up to 128 names, 365 days each); scoped packages,
which the API cannot bulk, get one request each (up to 18 months). Everything is fetched and
validated before anything is returned, so a malformed answer leaves nothing half-loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from oso.http import HttpClient, SourceError
from oso.sources.npm.packages import is_scoped
from oso.sources.npm.settings import (
    DOWNLOADS_SCHEMA,
    EARLIEST_DAY,
    MAX_BULK_DAYS,
    MAX_BULK_PACKAGES,
    MAX_SINGLE_DAYS,
    SYNTHETIC_HEADER,
)
from oso.sources.npm.validate import Daily, RangeRequest, not_found_error, parse_range

log = logging.getLogger(__name__)


def date_chunks(start: dt.date, end: dt.date, max_days: int) -> Iterator[tuple[dt.date, dt.date]]:
    """Consecutive inclusive ranges of at most ``max_days`` days covering start..end."""
    while start <= end:
        last = min(end, start + dt.timedelta(days=max_days - 1))
        yield start, last
        start = last + dt.timedelta(days=1)


def plan_requests(packages: Sequence[str], start: dt.date, end: dt.date) -> list[RangeRequest]:
    """The requests covering every package over start..end (clamped to the API's first day)."""
    start = max(start, EARLIEST_DAY)
    unscoped = sorted(p for p in set(packages) if not is_scoped(p))
    scoped = sorted(p for p in set(packages) if is_scoped(p))
    batches = [
        tuple(unscoped[i : i + MAX_BULK_PACKAGES])
        for i in range(0, len(unscoped), MAX_BULK_PACKAGES)
    ]
    requests = [
        RangeRequest(batch, first, last)
        for first, last in date_chunks(start, end, MAX_BULK_DAYS)
        for batch in batches
    ]
    requests += [
        RangeRequest((package,), first, last)
        for first, last in date_chunks(start, end, MAX_SINGLE_DAYS)
        for package in scoped
    ]
    return requests


@dataclass
class Downloads:
    """The validated result of a fetch: one Arrow table plus what the run should report."""

    table: pa.Table
    requests: int = 0
    not_found: list[str] = field(default_factory=list)
    synthetic: bool = False


def _get(client: HttpClient, request: RangeRequest) -> tuple[dict[str, Daily | None], bool]:
    response = client.request("GET", request.path, ok=(200, 404))
    url = str(response.url)
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(
            f"npm: GET {url} (package(s) {', '.join(request.packages)}) answered malformed JSON: {exc}"
        ) from exc
    synthetic = SYNTHETIC_HEADER in response.headers
    if response.status_code == 200:
        return parse_range(request, url, body), synthetic
    message = not_found_error(body)
    if message is None:
        raise SourceError(
            f"npm: GET {url} answered 404 without an npm error: {response.text[:300]}"
        )
    log.info("npm: GET %s answered 404: %s", url, message)
    return dict.fromkeys(request.packages), synthetic


def downloads_table(daily: dict[str, Daily], fetched_at: dt.datetime) -> pa.Table:
    """``npm.downloads`` rows, sorted by package and day, each with its week (Monday)."""
    packages: list[str] = []
    days: list[dt.date] = []
    counts: list[int] = []
    for package in sorted(daily):
        for day in sorted(daily[package]):
            packages.append(package)
            days.append(day)
            counts.append(daily[package][day])
    weeks = [day - dt.timedelta(days=day.weekday()) for day in days]
    columns = {
        "package": packages,
        "day": days,
        "downloads": counts,
        "week": weeks,
        "fetched_at": [fetched_at] * len(days),
    }
    return pa.table(columns, schema=DOWNLOADS_SCHEMA)


def fetch_downloads(
    client: HttpClient, packages: Sequence[str], start: dt.date, end: dt.date
) -> Downloads:
    """Daily downloads of ``packages`` from start to end (inclusive), every answer validated."""
    fetched_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    requests = plan_requests(packages, start, end)
    daily: dict[str, Daily] = {}
    not_found: set[str] = set()
    synthetic = False
    for request in requests:
        answer, synthetic_answer = _get(client, request)
        synthetic = synthetic or synthetic_answer
        for package, days in answer.items():
            if days is None:
                log.warning(
                    "npm: package %s not found for %s..%s", package, request.start, request.end
                )
                not_found.add(package)
            else:
                daily.setdefault(package, {}).update(days)
    return Downloads(
        table=downloads_table(daily, fetched_at),
        requests=len(requests),
        not_found=sorted(not_found),
        synthetic=synthetic,
    )
