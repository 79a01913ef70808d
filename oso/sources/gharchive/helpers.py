"""Fetch GH Archive hourly files and turn one into Parquet of tracked-repository events.

The file is scanned once by DuckDB's ``read_json`` with explicit columns, filtered to the
repositories the registry tracks, and written as two Parquet files (events, push commits)
next to the cached download. Nothing is parsed row by row in Python.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from oso.http import download
from oso.registry.tables import TrackedGithub
from oso.sources.gharchive.settings import COMMIT_COLUMNS, EVENT_COLUMNS, JSON_COLUMNS
from oso.storage import StorageError, describe, storage_fault


class GhArchiveFileError(RuntimeError):
    """A GH Archive file that is missing, corrupt or truncated; names the file."""


class GhArchiveMissingError(GhArchiveFileError):
    """The hour's file is not there (yet): a transient fault, worth a retry."""


class GhArchiveCorruptError(GhArchiveFileError):
    """The hour's file cannot be read: it is quarantined and the other hours go on."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class StagedHour:
    hour: dt.datetime
    source: str  # the file or URL the hour came from
    events: Path
    commits: Path
    scanned: int  # events in the file
    kept: int  # events of tracked repositories
    commits_rows: int  # commits listed in the kept PushEvents


def hour_file_name(hour: dt.datetime) -> str:
    """GH Archive's name for an hour: ``YYYY-MM-DD-H.json.gz`` (hour without a leading zero)."""
    return f"{hour:%Y-%m-%d}-{hour.hour}.json.gz"


def locate_hour(
    base: str, hour: dt.datetime, cache_dir: Path, timeout_s: float, max_retry_s: float
) -> Path:
    """The local path of an hour's file: in ``base`` if it is a directory, else downloaded to the cache."""
    name = hour_file_name(hour)
    if not base.startswith(("http://", "https://")):
        path = Path(base).expanduser() / name
        if not path.is_file():
            raise GhArchiveMissingError(f"GH Archive file {path} does not exist")
        return path
    target = cache_dir / name
    if not target.is_file():
        download(f"{base.rstrip('/')}/{name}", target, timeout_s=timeout_s, max_retry_s=max_retry_s)
    return target


def _tracked_relations(con: duckdb.DuckDBPyConnection, tracked: TrackedGithub) -> None:
    owners = pa.table({"owner": pa.array(sorted(tracked.owners), pa.string())})
    repos = pa.table({"repo": pa.array(sorted(tracked.repos), pa.string())})
    con.register("tracked_owners", owners)
    con.register("tracked_repos", repos)


def _scan_sql(path: Path) -> str:
    """One pass over the file: every event's light columns, the payload only for tracked repos."""
    columns = ", ".join(f"{name}: '{kind}'" for name, kind in JSON_COLUMNS.items())
    return f"""
        select s.id, s.type, s.created_at, s.actor, s.repo, s.org,
            (o.owner is not null or r.repo is not null) as _tracked,
            case when o.owner is not null or r.repo is not null then s.payload end as payload
        from read_json('{path}', format = 'newline_delimited', compression = 'gzip',
                       columns = {{{columns}}}) as s
        left join tracked_owners as o on o.owner = split_part(lower(s.repo.name), '/', 1)
        left join tracked_repos as r on r.repo = lower(s.repo.name)
    """


def _copy(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> int:
    """Write a query's rows to Parquet; returns the row count."""
    row = con.execute(f"copy ({query}) to '{path}' (format parquet)").fetchone()
    return int(row[0]) if row else 0


def stage_hour(
    path: Path, hour: dt.datetime, tracked: TrackedGithub, out_dir: Path, source: str
) -> StagedHour:
    """Scan one hourly file and write the tracked events and push commits as Parquet."""
    out_dir.mkdir(parents=True, exist_ok=True)
    events_path, commits_path = out_dir / "events.parquet", out_dir / "push_commits.parquet"
    con = duckdb.connect()
    try:
        _tracked_relations(con, tracked)
        con.execute(f"create temp table scanned as {_scan_sql(path)}")
        scanned = con.execute("select count(*) from scanned").fetchone()[0]  # type: ignore[index]
        con.execute(
            f"""create temp table kept as
            select {EVENT_COLUMNS}, timestamp '{hour:%Y-%m-%d %H:00:00}' as hour
            from scanned
            where _tracked"""
        )
        kept = _copy(con, "select * from kept", events_path)
        commits = _copy(con, COMMIT_COLUMNS, commits_path)
    except duckdb.Error as exc:
        code = storage_fault(exc)
        if code is not None:
            raise StorageError(code, describe(code, out_dir, f"staging {source}")) from exc
        raise GhArchiveCorruptError(
            f"GH Archive file {source} is corrupt or truncated: {exc}", path
        ) from exc
    finally:
        con.close()
    return StagedHour(hour, source, events_path, commits_path, scanned, kept, commits)


def clear_stage(out_dir: Path) -> None:
    shutil.rmtree(out_dir, ignore_errors=True)
