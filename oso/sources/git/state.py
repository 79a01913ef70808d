"""What the git source reads from and fixes up in the warehouse, through the dlt pipeline.

- the heads loaded last time (``git.heads``): the incremental state, one row per repository;
- the repositories of tracked owners seen in GH Archive (``gharchive.events``);
- after a full re-read (first read or force-push), the repository's rows the read no longer
  contains (older ``fetched_at``) are deleted: a merge never deletes what it does not see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

import dlt

from oso.registry import TrackedGithub
from oso.sources.git.helpers import LoadedHead
from oso.sources.git.repos import GitSourceError, normalize_repository


def _missing(exc: Exception) -> bool:
    text = str(exc)
    return "does not exist" in text or "Not found" in text or "not found" in text


def _query(pipeline: dlt.Pipeline, sql_of: Any, dataset: str | None = None) -> list[tuple]:
    """Rows of ``sql_of(qualified_table_name)``; none when the dataset or table is missing."""
    with pipeline.sql_client() as client:
        context = client.with_alternative_dataset_name(dataset) if dataset else nullcontext()
        with context:
            if not client.has_dataset():
                return []
            try:
                rows = client.execute_sql(sql_of(client.make_qualified_table_name))
            except Exception as exc:
                if _missing(exc):
                    return []
                raise
    return [tuple(row) for row in rows or []]


def loaded_heads(pipeline: dlt.Pipeline) -> dict[str, LoadedHead]:
    rows = _query(
        pipeline, lambda name: f"select repository, head_sha, commit_count from {name('heads')}"
    )
    return {repo: LoadedHead(sha, int(count or 0)) for repo, sha, count in rows}


def owner_repositories(
    pipeline: dlt.Pipeline, gharchive_dataset: str, tracked: TrackedGithub
) -> set[str]:
    """Repositories of the tracked owners that GH Archive events name (any name they had)."""
    if not tracked.owners:
        return set()
    rows = _query(
        pipeline,
        lambda name: f"select distinct lower(repo_name) from {name('events')}",
        dataset=gharchive_dataset,
    )
    found = set()
    for (repo_name,) in rows:
        if repo_name and repo_name.split("/", 1)[0] in tracked.owners:
            try:
                found.add(normalize_repository(repo_name))
            except GitSourceError:
                continue
    return found


def repositories_to_read(
    tracked: TrackedGithub, owner_repos: Iterable[str], extra: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """Registry repositories, those of registry owners and an explicit list (lower-case), and
    a message for each name that is not a repository name."""
    names, problems = set(), []
    for name in sorted({*tracked.repos, *owner_repos, *extra}):
        try:
            names.add(normalize_repository(name))
        except GitSourceError as exc:
            problems.append(str(exc))
    return sorted(names), problems


def delete_replaced(
    pipeline: dlt.Pipeline, repositories: list[str], fetched_at: dt.datetime
) -> None:
    """Delete rows of fully re-read repositories that this read (``fetched_at``) did not write."""
    if not repositories:
        return
    names = ", ".join(f"'{normalize_repository(r)}'" for r in repositories)
    with pipeline.sql_client() as client:
        table = client.make_qualified_table_name("commits")
        try:
            client.execute_sql(
                f"delete from {table} where repository in ({names})"
                f" and fetched_at < timestamp '{fetched_at:%Y-%m-%d %H:%M:%S.%f}'"
            )
        except Exception as exc:  # no table yet: nothing to delete
            if not _missing(exc):
                raise
