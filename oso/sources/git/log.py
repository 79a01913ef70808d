"""Read a clone's default-branch commits with one ``git log`` and parse them into Arrow in bulk.

The whole output is split by Arrow compute kernels (no Python object per commit): records end
with 0x1E + newline and fields are separated by 0x1F, so turning every record end into a field
separator gives one flat array of ``8 * commits`` strings; column k is every 8th from k.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from oso.sources.git.repos import GitSourceError, run_git
from oso.sources.git.settings import COMMITS_SCHEMA, FIELD_SEP, LOG_FIELDS, LOG_FORMAT, RECORD_SEP

_FIELDS = [name for name, _ in LOG_FIELDS]
_FIELD_SEP = FIELD_SEP.encode()
_RECORD_END = (RECORD_SEP + "\n").encode()
_SHA = r"^[0-9a-f]{40}([0-9a-f]{24})?$"  # SHA-1 or SHA-256 object names


def is_ancestor(path: Path, repository: str, old: str, new: str) -> bool:
    """Whether ``old`` is still in the history of ``new`` (False after a force-push rewrite)."""
    try:
        run_git(["merge-base", "--is-ancestor", old, new], repository, cwd=path)
    except GitSourceError:  # exit 1 (not an ancestor) or 128 (old is no longer in the clone)
        return False
    return True


def git_log(path: Path, repository: str, revisions: str) -> bytes:
    """Raw ``git log`` output for a revision range (``HEAD`` or ``<old>..HEAD``)."""
    args = ["-c", "log.showSignature=false", "--no-replace-objects", "log", LOG_FORMAT]
    return run_git([*args, "--no-color", revisions, "--"], repository, cwd=path)


def _constant(value: object, type_: pa.DataType, length: int) -> pa.Array:
    return pa.repeat(pa.scalar(value, type_), length)


def _epoch(column: pa.Array) -> pa.Array:
    """Unix seconds (text) -> naive UTC microsecond timestamps."""
    return pc.cast(pc.cast(pc.cast(column, pa.int64()), pa.timestamp("s")), pa.timestamp("us"))


def _values(data: bytes) -> pa.Array:
    """Every field of every record, in order, as one string array (plus a trailing "")."""
    flat = data.replace(_RECORD_END, _FIELD_SEP)
    offsets = pa.py_buffer(np.array([0, len(flat)], dtype=np.int64))
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(flat)])
    values = pc.split_pattern(whole, _FIELD_SEP).values
    try:
        return values.cast(pa.large_string())
    except pa.ArrowInvalid:  # not UTF-8 (a legacy encoding git could not convert): replace
        return _values(data.decode("utf-8", errors="replace").encode())


def _split(data: bytes, repository: str) -> dict[str, pa.Array]:
    """The log's columns as string arrays, checked: each record has exactly the 8 fields."""
    records = data.count(_RECORD_END)
    values = _values(data)
    width = len(_FIELDS)
    if len(values) != records * width + 1 or values[-1].as_py() != "":
        raise GitSourceError(
            f"git: repository {repository}: unexpected git log output "
            f"({len(values) - 1} fields for {records} commits)"
        )
    columns = {
        name: values.take(pa.array(np.arange(i, records * width, width))).cast(pa.string())
        for i, name in enumerate(_FIELDS)
    }
    bad = pc.invert(pc.match_substring_regex(columns["sha"], _SHA))
    if records and pc.any(bad).as_py():
        sample = columns["sha"].filter(bad)[0].as_py()
        raise GitSourceError(f"git: repository {repository}: malformed commit record {sample!r}")
    return columns


def parse_log(
    data: bytes, repository: str, default_branch: str, fetched_at: dt.datetime
) -> pa.Table:
    """``git log`` output (``LOG_FORMAT``) as a ``commits`` table (``COMMITS_SCHEMA``)."""
    columns = _split(data, repository)
    parents = columns.pop("parents")
    n = len(parents)
    parent_count = pc.add(
        pc.count_substring(parents, " "), pc.cast(pc.not_equal(parents, ""), pa.int64())
    )
    arrays = {
        **columns,
        "repository": _constant(repository, pa.string(), n),
        "parent_count": pc.cast(parent_count, pa.int64()),
        "author_time": _epoch(columns["author_time"]),
        "committer_time": _epoch(columns["committer_time"]),
        "is_merge": pc.greater(parent_count, 1),
        "default_branch": _constant(default_branch, pa.string(), n),
        "fetched_at": _constant(fetched_at, pa.timestamp("us"), n),
    }
    return pa.Table.from_arrays(
        [arrays[field.name] for field in COMMITS_SCHEMA], schema=COMMITS_SCHEMA
    )


def read_commits(
    path: Path, repository: str, default_branch: str, revisions: str, fetched_at: dt.datetime
) -> pa.Table:
    """The commits of ``revisions`` (``HEAD``: the whole default branch) as Arrow."""
    return parse_log(git_log(path, repository, revisions), repository, default_branch, fetched_at)
