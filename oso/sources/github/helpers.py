"""Resolve the registry's GitHub targets to repositories through the REST API.

An owner URL expands to every repository of the owner (``/orgs/{owner}/repos``, or
``/users/{owner}/repos`` when the owner is a user), following ``Link: rel="next"`` pages; a
repository URL is ``/repos/{owner}/{repo}`` (GitHub follows renames and transfers with a
redirect). Every answer is validated before anything is returned, so a bad answer fails the
whole run naming the request and nothing of that run is loaded.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from oso.http import SourceError
from oso.registry.github_urls import Target
from oso.sources.github.api import Answer, GithubApi
from oso.sources.github.parse import (
    Row,
    repository_row,
    validate_repository,
    validate_repository_list,
)
from oso.sources.github.settings import (
    EMPTY,
    FOUND,
    INVALID,
    MAX_PAGES,
    NOT_FOUND,
    PER_PAGE,
    REPOSITORIES_SCHEMA,
    REPOSITORY_URLS_SCHEMA,
    SOURCE,
)

log = logging.getLogger(__name__)


@dataclass
class Resolution:
    """What one run found: rows for both tables plus what did not resolve."""

    repositories: pa.Table
    urls: pa.Table
    unresolved: list[str] = field(default_factory=list)  # "<url> (<status>)"
    requests: int = 0
    not_modified: int = 0
    synthetic: bool = False


def _pages(api: GithubApi, path: str) -> Iterator[Answer]:
    """Every page of a list endpoint; a 404 on the first page is yielded as it is."""
    seen: set[str] = set()
    next_path: str | None = path
    while next_path is not None:
        if next_path in seen or len(seen) >= MAX_PAGES:
            raise SourceError(f"{SOURCE}: GET {api.client.url(path)}: pagination does not end")
        seen.add(next_path)
        answer = api.get(next_path, validate_repository_list)
        if not answer.found and len(seen) > 1:
            raise SourceError(f"{SOURCE}: {answer.request}: a next page answered 404")
        yield answer
        next_path = answer.next_url if answer.found else None


def _owner_answers(api: GithubApi, owner: str) -> list[Answer]:
    """The owner's repository pages: as an organisation, else as a user; [] if neither exists."""
    for path in (
        f"/orgs/{owner}/repos?per_page={PER_PAGE}&type=all",
        f"/users/{owner}/repos?per_page={PER_PAGE}",
    ):
        answers = list(_pages(api, path))
        if answers[0].found:
            return answers
    return []


def _target_answers(api: GithubApi, target: Target) -> list[Answer]:
    if target.repo is None:
        return _owner_answers(api, target.owner)
    answer = api.get(f"/repos/{target.owner}/{target.repo}", validate_repository)
    return [answer] if answer.found else []


def _rows(answers: list[Answer], fetched_at: dt.datetime) -> list[Row]:
    rows = []
    for answer in answers:
        items: list[Any] = answer.body if isinstance(answer.body, list) else [answer.body]
        rows += [repository_row(obj, answer.request, fetched_at) for obj in items]
    return rows


def _url_row(target: Target, repo_id: int | None, status: str) -> Row:
    return {
        "url": target.url,
        "owner": target.owner,
        "repo": target.repo,
        "repo_id": repo_id,
        "status": status,
    }


def resolve(api: GithubApi, targets: Sequence[Target], fetched_at: dt.datetime) -> Resolution:
    """Fetch and validate every target; repository rows are unique by id."""
    repositories: dict[int, Row] = {}
    urls: list[Row] = []
    unresolved: list[str] = []
    synthetic = False
    # Owners first: a repository's own answer (with subscribers_count) wins over a list item.
    for target in sorted(targets, key=lambda t: (t.repo is not None, t.owner, t.repo or "")):
        if not target.valid:
            urls.append(_url_row(target, None, INVALID))
            unresolved.append(f"{target.url} ({INVALID})")
            continue
        answers = _target_answers(api, target)
        rows = _rows(answers, fetched_at)
        synthetic = synthetic or any(a.synthetic for a in answers)
        repositories.update((row["id"], row) for row in rows)
        ids = sorted({row["id"] for row in rows})
        urls += [_url_row(target, repo_id, FOUND) for repo_id in ids]
        if not ids:
            status = NOT_FOUND if not answers else EMPTY
            urls.append(_url_row(target, None, status))
            unresolved.append(f"{target.url} ({status})")
            log.warning("%s: %s did not resolve (%s)", SOURCE, target.url, status)
    return Resolution(
        repositories=pa.Table.from_pylist(
            [repositories[key] for key in sorted(repositories)], schema=REPOSITORIES_SCHEMA
        ),
        urls=pa.Table.from_pylist(
            sorted(urls, key=lambda r: (r["url"], r["repo_id"] or 0)), schema=REPOSITORY_URLS_SCHEMA
        ),
        unresolved=unresolved,
        requests=api.requests,
        not_modified=api.not_modified,
        synthetic=synthetic,
    )
