"""Benchmark: GH Archive ingestion (events/s) against DuckDB's plain read_json scan of the same file.

Generates a realistic-size synthetic hour (~200k events, ~450 MB of JSON) once, then in the
same run times, each ``--repeat`` times (best run kept):

* anchor A: ``select count(*) from read_json(file)`` (DuckDB infers the schema itself);
* anchor B: the same scan with explicit columns (what a hand-tuned loader would do);
* ours: the full ingestion of the hour: DuckDB scan + filter to tracked repositories +
  Parquet staging + dlt load (Arrow) into a DuckDB warehouse file, merge on the hour.

Usage: .venv/bin/python bench/gharchive_ingest.py [--events 200000] [--tracked-share 0.05]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dlt
import duckdb

from oso.registry.tables import TrackedGithub
from oso.sources.gharchive import gharchive
from oso.sources.gharchive.helpers import stage_hour
from oso.sources.gharchive.synthetic import generate_benchmark_hour

HOUR = dt.datetime(2024, 5, 21, 3)
TRACKED = [f"tracked-org-{i}/repo-{j}" for i in range(40) for j in range(5)]


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def plain_scan(path: Path) -> int:
    with duckdb.connect() as con:
        sql = f"select count(*) from read_json('{path}', format = 'newline_delimited', compression = 'gzip')"
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


def explicit_scan(path: Path) -> int:
    columns = (
        "{id: 'VARCHAR', type: 'VARCHAR', actor: 'STRUCT(id BIGINT, login VARCHAR)', "
        "repo: 'STRUCT(id BIGINT, name VARCHAR)', payload: 'JSON', created_at: 'VARCHAR'}"
    )
    with duckdb.connect() as con:
        sql = (
            f"select count(*), count(distinct repo.name) from read_json('{path}', format = 'newline_delimited', "
            f"compression = 'gzip', columns = {columns})"
        )
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


def ingest(path: Path, work: Path, tracked: TrackedGithub) -> int:
    shutil.rmtree(work, ignore_errors=True)
    staged = stage_hour(path, HOUR, tracked, work / "stage", source=str(path))
    pipeline = dlt.pipeline(
        "bench_gharchive",
        destination=dlt.destinations.duckdb(str(work / "warehouse.duckdb")),
        dataset_name="gharchive",
        pipelines_dir=str(work / "dlt"),
    )
    pipeline.run(gharchive([staged])).raise_on_failed_jobs()
    return staged.kept


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=200_000, help="events in the generated hour")
    parser.add_argument(
        "--tracked-share", type=float, default=0.05, help="share of events in tracked repos"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "oso-bench", help="work dir"
    )
    args = parser.parse_args()
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

    path = args.cache / f"{HOUR:%Y-%m-%d}-{HOUR.hour}.json.gz"
    if not path.exists():
        print(f"generating {args.events} events into {path} ...", flush=True)
        generate_benchmark_hour(
            path, n_events=args.events, tracked_repos=TRACKED, tracked_share=args.tracked_share
        )
    raw_mb = sum(len(chunk) for chunk in _iter_raw(path)) / 1e6
    events = explicit_scan(path)
    tracked = TrackedGithub(frozenset(), frozenset(TRACKED))

    t_plain = best_of(args.repeat, lambda: plain_scan(path))
    t_explicit = best_of(args.repeat, lambda: explicit_scan(path))
    kept = ingest(path, args.cache / "work", tracked)
    t_ours = best_of(args.repeat, lambda: ingest(path, args.cache / "work", tracked))

    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}, duckdb {duckdb.__version__}"
    )
    print(
        f"date: {dt.date.today()}  file: {path.stat().st_size / 1e6:.0f} MB gzip, {raw_mb:.0f} MB JSON, {events} events, {kept} tracked"
    )
    for name, seconds in (
        ("read_json plain", t_plain),
        ("read_json explicit columns", t_explicit),
        ("oso ingestion (scan+filter+stage+dlt load)", t_ours),
    ):
        print(f"{name:45} {seconds:6.2f} s  {events / seconds:10,.0f} events/s")
    print(
        f"ours / plain scan rate: {t_plain / t_ours:.0%}   ours / explicit-column scan rate: {t_explicit / t_ours:.0%}"
    )


def _iter_raw(path: Path):  # type: ignore[no-untyped-def]
    import gzip

    with gzip.open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            yield chunk


if __name__ == "__main__":
    main()
