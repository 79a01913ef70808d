"""Range requests to the npm downloads API and the validation of their answers.

Every answer is checked before anything is kept: the documented shape
(``{"start", "end", "package", "downloads": [{"day", "downloads"}]}``, or for a bulk request an
object keyed by package name whose values are that shape or null), days inside the requested
range and each at most once, counts non-negative integers. A malformed answer raises
:class:`~oso.http.SourceError` naming the request and the package.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass
from typing import Any, NoReturn

from oso.http import SourceError

REQUIRED_KEYS = ("downloads", "package", "start", "end")
Daily = dict[dt.date, int]


@dataclass(frozen=True)
class RangeRequest:
    """``GET /downloads/range/{start}:{end}/{packages}``: one package, or a bulk of unscoped ones."""

    packages: tuple[str, ...]
    start: dt.date
    end: dt.date  # inclusive

    @property
    def bulk(self) -> bool:
        return len(self.packages) > 1

    @property
    def path(self) -> str:
        names = ",".join(urllib.parse.quote(p, safe="@") for p in self.packages)  # '/' -> %2F
        return f"/downloads/range/{self.start:%Y-%m-%d}:{self.end:%Y-%m-%d}/{names}"


def _fail(url: str, package: str, what: str) -> NoReturn:
    raise SourceError(f"npm: GET {url} answered a malformed range for package {package!r}: {what}")


def _date(value: Any, url: str, package: str, field: str) -> dt.date:
    try:
        if not isinstance(value, str):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(url, package, f"{field} {value!r} is not a YYYY-MM-DD date")


def _day_counts(request: RangeRequest, url: str, package: str, items: Any) -> Daily:
    if not isinstance(items, list):
        _fail(url, package, "`downloads` is not a list of days")
    days: Daily = {}
    for item in items:
        if not isinstance(item, dict) or "day" not in item or "downloads" not in item:
            _fail(url, package, f"day entry {item!r} lacks `day` or `downloads`")
        day = _date(item["day"], url, package, "day")
        count = item["downloads"]
        if not request.start <= day <= request.end:
            _fail(
                url, package, f"day {day} is outside the requested {request.start}..{request.end}"
            )
        if day in days:
            _fail(url, package, f"day {day} appears twice")
        if type(count) is not int or count < 0:
            _fail(url, package, f"downloads {count!r} on {day} is not a non-negative integer")
        days[day] = count
    return days


def parse_package_range(request: RangeRequest, url: str, package: str, body: Any) -> Daily:
    """One package's validated daily downloads from its range object."""
    if not isinstance(body, dict):
        _fail(url, package, "the answer is not a JSON object")
    missing = [key for key in REQUIRED_KEYS if key not in body]
    if missing:
        _fail(url, package, f"missing {', '.join(missing)}")
    if body["package"] != package:
        _fail(url, package, f"`package` is {body['package']!r}")
    start = _date(body["start"], url, package, "start")
    end = _date(body["end"], url, package, "end")
    if start > end:
        _fail(url, package, f"start {start} is after end {end}")
    return _day_counts(request, url, package, body["downloads"])


def parse_range(request: RangeRequest, url: str, body: Any) -> dict[str, Daily | None]:
    """Every requested package's daily downloads; None for a package the API does not know."""
    if not request.bulk:
        package = request.packages[0]
        return {package: parse_package_range(request, url, package, body)}
    if not isinstance(body, dict):
        _fail(url, ",".join(request.packages), "the bulk answer is not a JSON object")
    unexpected = sorted(set(body) - set(request.packages))
    if unexpected:
        _fail(url, unexpected[0], "the bulk answer holds a package that was not requested")
    return {
        package: None
        if body.get(package) is None
        else parse_package_range(request, url, package, body[package])
        for package in request.packages
    }


def not_found_error(body: Any) -> str | None:
    """The npm API's ``{"error": "package x not found"}`` message of a 404, if that is what it is."""
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])
    return None
