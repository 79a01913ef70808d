"""Validate GitHub repository objects and turn them into ``github.repositories`` rows.

A repository object (``GET /repos/{owner}/{repo}`` or an item of ``GET /orgs/{org}/repos``)
must carry the fields below with the documented types; anything else fails naming the request,
the item and the field, before anything is loaded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from oso.http import SourceError
from oso.sources.github.settings import SOURCE

Row = dict[str, Any]


class _Item:
    """Typed access to one repository object; errors name the request and the item."""

    def __init__(self, obj: Any, where: str) -> None:
        if not isinstance(obj, dict):
            raise SourceError(
                f"{SOURCE}: {where}: expected a repository object, got {type(obj).__name__}"
            )
        self.obj, self.where = obj, where

    def fail(self, key: str, wanted: str) -> SourceError:
        return SourceError(f"{SOURCE}: {self.where}: field '{key}' is missing or not {wanted}")

    def integer(self, key: str, obj: Any = None, *, optional: bool = False) -> int | None:
        value = (self.obj if obj is None else obj).get(key)
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(key, "a non-negative integer")
        return value

    def text(self, key: str, obj: Any = None, *, optional: bool = False) -> str | None:
        value = (self.obj if obj is None else obj).get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or (not optional and not value):
            raise self.fail(key, "a string")
        return value

    def flag(self, key: str) -> bool:
        value = self.obj.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, "a boolean")
        return value

    def timestamp(self, key: str, *, optional: bool = False) -> dt.datetime | None:
        value = self.text(key, optional=optional)
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(key, "an ISO 8601 time") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return moment

    def mapping(self, key: str) -> dict[str, Any] | None:
        value = self.obj.get(key)
        if value is not None and not isinstance(value, dict):
            raise self.fail(key, "an object")
        return value


def repository_row(obj: Any, where: str, fetched_at: dt.datetime) -> Row:
    item = _Item(obj, where)
    repo_id = item.integer("id")
    owner = item.mapping("owner")
    if owner is None:
        raise item.fail("owner", "an object")
    license_ = item.mapping("license") or {}
    subscribers = item.integer("subscribers_count", optional=True)
    return {
        "id": repo_id,
        "node_id": item.text("node_id", optional=True),
        "owner": item.text("login", owner),
        "name": item.text("name"),
        "full_name": item.text("full_name"),
        "url": item.text("html_url"),
        "description": item.text("description", optional=True),
        "default_branch": item.text("default_branch", optional=True),
        "stars": item.integer("stargazers_count"),
        "forks": item.integer("forks_count"),
        "watchers": subscribers if subscribers is not None else item.integer("watchers_count"),
        "is_fork": item.flag("fork"),
        "language": item.text("language", optional=True),
        "license_spdx_id": item.text("spdx_id", license_, optional=True),
        "license_name": item.text("name", license_, optional=True),
        "created_at": item.timestamp("created_at"),
        "updated_at": item.timestamp("updated_at"),
        "pushed_at": item.timestamp("pushed_at", optional=True),
        "archived": item.flag("archived"),
        "fetched_at": fetched_at,
    }


def validate_repository(body: Any, request: str) -> None:
    repository_row(body, request, dt.datetime(1970, 1, 1))


def validate_repository_list(body: Any, request: str) -> None:
    if not isinstance(body, list):
        raise SourceError(
            f"{SOURCE}: {request}: expected a list of repositories, got {type(body).__name__}"
        )
    for index, obj in enumerate(body):
        repository_row(obj, f"{request}: item {index}", dt.datetime(1970, 1, 1))
