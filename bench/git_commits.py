"""Benchmark: the git source's read path (commits/s) against plain git in the same run.

Builds a repository with ``--commits`` commits once (``git fast-import`` from a generated
stream: a pool of authors, each commit changing one of ~200 files in 20 folders, a merge
every 100 commits), then times, each ``--repeat`` times (best run kept):

* anchor: ``git rev-list --count HEAD`` (walks the commits, prints nothing);
* anchor: ``git log --format=%H > /dev/null``;
* anchor: ``git log`` with the source's own format (all 8 fields) ``> /dev/null``;
* anchor: plain ``git clone --bare --filter=blob:none`` of the upstream;
* ours, read: ``read_commits`` (one ``git log`` + the Arrow bulk parse) on the clone;
* ours, clone + read: ``sync_repo`` (a fresh blobless clone) + ``read_commits``;
* ours, read + load: ``read_commits`` + a dlt upsert of the Arrow table into a DuckDB file.

Usage: .venv/bin/python bench/git_commits.py [--commits 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import dlt
import duckdb
import pyarrow as pa

from oso.sources.git import git as git_source
from oso.sources.git.demo import StreamCommit, fast_import, fast_import_stream
from oso.sources.git.log import read_commits
from oso.sources.git.repos import sync_repo
from oso.sources.git.settings import LOG_FORMAT

REPOSITORY = "bench-org/big-repo"
FETCHED_AT = dt.datetime(2026, 1, 1)


def bench_commits(n: int) -> Iterator[StreamCommit]:
    start = int(dt.datetime(2015, 1, 1, tzinfo=dt.UTC).timestamp())
    for i in range(n):
        who = (i * 7919) % 500
        yield StreamCommit(
            author=(f"Bench Author {who}", f"author{who}@bench.example"),
            epoch=start + i * 600,
            message=f"bench commit {i}\n\nA body line for commit {i}.\n",
            path=f"dir{i % 20}/file{(i // 20) % 10}.txt",
            content=f"content of commit {i}\n".encode(),
        )


def with_merges(stream: Iterator[bytes], every: int) -> Iterator[bytes]:
    """Turn every ``every``-th commit into a merge of the commit ``every // 2`` marks back."""
    mark = 0
    for chunk in stream:
        yield chunk
        if chunk.startswith(b"commit "):  # b"commit refs/heads/main\nmark :N\n"
            mark = int(chunk.rsplit(b":", 1)[1])
        elif chunk.startswith(b"from :") and mark % every == 0:
            yield b"merge :%d\n" % (mark - every // 2)


def run(args: list[str], cwd: Path | None = None) -> None:
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def clone_and_read(base: Path, cache: Path) -> pa.Table:
    shutil.rmtree(cache, ignore_errors=True)
    synced = sync_repo(str(base), REPOSITORY, cache)
    return read_commits(synced.path, REPOSITORY, "main", "HEAD", FETCHED_AT)


def read_and_load(clone: Path, work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    table = read_commits(clone, REPOSITORY, "main", "HEAD", FETCHED_AT)
    pipeline = dlt.pipeline(
        "bench_git",
        destination=dlt.destinations.duckdb(str(work / "warehouse.duckdb")),
        dataset_name="git",
        pipelines_dir=str(work / "dlt"),
    )
    pipeline.run(git_source(table)).raise_on_failed_jobs()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--commits", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "oso-bench-git", help="work dir"
    )
    args = parser.parse_args()
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

    base = args.cache / f"upstream-{args.commits}"
    upstream = base / REPOSITORY
    if not (upstream / "HEAD").is_file():
        print(f"building {args.commits} commits into {upstream} ...", flush=True)
        started = time.perf_counter()
        fast_import(upstream, with_merges(fast_import_stream(bench_commits(args.commits)), 100))
        print(f"  fast-import: {time.perf_counter() - started:.1f} s", flush=True)
    cache = args.cache / "clones"
    table = clone_and_read(base, cache)
    clone = cache / "bench-org" / "big-repo.git"
    n = table.num_rows

    def git_cmd(*cmd: str) -> Callable[[], None]:
        return lambda: run(["git", *cmd], cwd=clone)

    plain_clone = args.cache / "plain-clone.git"

    def plain_clone_run() -> None:
        shutil.rmtree(plain_clone, ignore_errors=True)
        run(
            [
                "git",
                "clone",
                "-q",
                "--bare",
                "--filter=blob:none",
                "--upload-pack",
                "git -c uploadpack.allowFilter=true upload-pack",
                upstream.as_uri(),
                str(plain_clone),
            ]
        )

    timings = [
        ("anchor: git rev-list --count HEAD", best_of(args.repeat, git_cmd("rev-list", "--count", "HEAD"))),
        ("anchor: git log --format=%H >/dev/null", best_of(args.repeat, git_cmd("log", "--format=%H"))),
        ("anchor: git log <our 8-field format> >/dev/null", best_of(args.repeat, git_cmd("log", LOG_FORMAT))),
        ("anchor: git clone --bare --filter=blob:none", best_of(args.repeat, plain_clone_run)),
        ("ours: read (git log + Arrow parse)", best_of(args.repeat, lambda: read_commits(clone, REPOSITORY, "main", "HEAD", FETCHED_AT))),
        ("ours: clone + read", best_of(args.repeat, lambda: clone_and_read(base, cache))),
        ("ours: read + dlt upsert into DuckDB", best_of(args.repeat, lambda: read_and_load(clone, args.cache / "load"))),
    ]  # fmt: skip
    git_version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"python {platform.python_version()}, {git_version.strip()}, duckdb {duckdb.__version__}"
    )
    print(
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC  commits: {n}  repeat: {args.repeat}"
    )
    for name, seconds in timings:
        print(f"{name:50} {seconds:7.3f} s  {n / seconds:12,.0f} commits/s")


if __name__ == "__main__":
    main()
