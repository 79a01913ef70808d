"""Sync and read many repositories at once: clone/fetch + ``git log`` per repository, in parallel.

Each repository is read incrementally against the head loaded last time: nothing when the head
is unchanged, ``<old>..HEAD`` when the old head is still in the history, and the whole branch
(``mode == "full"``, replacing the repository's rows) on the first read or after a rewrite.
A repository that fails is reported by name and the others still load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from oso.sources.git.log import is_ancestor, read_commits
from oso.sources.git.repos import GitSourceError, SyncedRepo, sync_repo
from oso.sources.git.settings import COMMITS_SCHEMA, HEADS_SCHEMA


@dataclass(frozen=True)
class LoadedHead:
    """What the warehouse holds for a repository (``git.heads``)."""

    head_sha: str | None
    commit_count: int


@dataclass(frozen=True)
class RepoRead:
    synced: SyncedRepo
    commits: pa.Table
    commit_count: int  # commits on the default branch now
    mode: str  # "full" (rows replaced), "incremental" or "unchanged"


@dataclass
class ReadResult:
    reads: list[RepoRead]
    failures: list[str]  # one message per failed repository

    def commits(self) -> pa.Table:
        tables = [r.commits for r in self.reads]
        return pa.concat_tables(tables) if tables else COMMITS_SCHEMA.empty_table()

    def heads(self, fetched_at: dt.datetime) -> pa.Table:
        reads = sorted(self.reads, key=lambda r: r.synced.repository)
        columns = {
            "repository": [r.synced.repository for r in reads],
            "default_branch": [r.synced.default_branch for r in reads],
            "head_sha": [r.synced.head for r in reads],
            "commit_count": [r.commit_count for r in reads],
            "fetched_at": [fetched_at] * len(reads),
        }
        return pa.Table.from_pydict(columns, schema=HEADS_SCHEMA)

    def replaced(self) -> list[str]:
        """Repositories read in full: their rows not in this read are stale."""
        return sorted(r.synced.repository for r in self.reads if r.mode == "full")


def read_repo(
    base: str,
    repository: str,
    cache_dir: Path,
    loaded: LoadedHead | None,
    fetched_at: dt.datetime,
) -> RepoRead:
    """Sync one repository and read the commits new since ``loaded``."""
    synced = sync_repo(base, repository, cache_dir)
    head, branch = synced.head, synced.default_branch
    if head is None or branch is None:
        return RepoRead(synced, COMMITS_SCHEMA.empty_table(), 0, "full")
    if loaded is not None and loaded.head_sha == head:
        return RepoRead(synced, COMMITS_SCHEMA.empty_table(), loaded.commit_count, "unchanged")
    if (
        loaded is not None
        and loaded.head_sha
        and is_ancestor(synced.path, repository, loaded.head_sha, head)
    ):
        commits = read_commits(
            synced.path, repository, branch, f"{loaded.head_sha}..{head}", fetched_at
        )
        return RepoRead(synced, commits, loaded.commit_count + commits.num_rows, "incremental")
    commits = read_commits(synced.path, repository, branch, head, fetched_at)
    return RepoRead(synced, commits, commits.num_rows, "full")


def _describe(read: RepoRead) -> str:
    action = "cloned" if read.synced.cloned else "fetched"
    return f"{read.synced.repository} {action}, {read.commits.num_rows} commits read ({read.mode})"


def read_repos(
    base: str,
    repositories: Iterable[str],
    cache_dir: Path,
    loaded: dict[str, LoadedHead],
    fetched_at: dt.datetime,
    max_parallel: int,
    log: Callable[[str], None] = lambda _: None,
) -> ReadResult:
    """Sync and read every repository, ``max_parallel`` at a time; failures are collected."""
    names = sorted(set(repositories))
    result = ReadResult([], [])
    with ThreadPoolExecutor(max_workers=max(1, max_parallel)) as pool:
        futures = {
            pool.submit(read_repo, base, name, cache_dir, loaded.get(name), fetched_at): name
            for name in names
        }
        for done, future in enumerate(as_completed(futures), 1):
            try:
                read = future.result()
            except GitSourceError as exc:
                result.failures.append(str(exc))
                log(f"git: {done}/{len(names)} repositories: {exc}")
                continue
            result.reads.append(read)
            log(f"git: {done}/{len(names)} repositories: {_describe(read)}")
    result.reads.sort(key=lambda r: r.synced.repository)
    result.failures.sort()
    return result
