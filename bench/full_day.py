"""Benchmark: one full day through the whole pipeline, as the hourly production run sees it.

What runs (timed, one ``oso run`` process and its dbt child, from a cold OSO_HOME):

* the full real oss-directory (7,112 projects) validated and loaded;
* 24 realistic-size GH Archive hours of one day (``--events-per-hour``, default 210,000, so
  ~5M events, ~2 GB of gzip) scanned, filtered to tracked repositories, staged and merged;
* the other sources from the demo's loopback stand-ins: npm downloads and Open Collective
  (HTTP replays), oss-funding grants (files) and a local EVM node (ganache, real transactions);
  git is left out (``--sources`` adds it): cloning every tracked repository is a one-off
  backfill, not a day's work, and bench/git_commits.py measures it;
* ``dbt build`` of every model with its tests, publishing every mart into chDB, the website.

Anchor, in the same run: DuckDB's plain ``count(*)`` scan of the same 24 files — the floor for
merely reading the day's input once.

The 24 hours are generated once into ``--work-dir/gharchive`` (not timed; ~1 min per hour, two
at a time) and reused by later runs. Wall time and the peak memory of the whole process tree
(sampled every 0.2 s) are printed; copy them into docs/BENCHMARKS.md.

Usage: .venv/bin/python bench/full_day.py --work-dir /tmp/oso-full-day [--events-per-hour N]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import psutil

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from oso.registry import load_registry, tracked_github  # noqa: E402
from oso.settings import Settings  # noqa: E402

DEFAULT_REGISTRY = REPO_ROOT.parent / "shared" / "data" / "oss-directory"
DAY = dt.date(2024, 5, 21)
SOURCES = ["npm", "opencollective", "evm", "funding"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _generate_one(path: Path, n_events: int, tracked: list[str], share: float, seed: int) -> Path:
    from oso.sources.gharchive.synthetic import generate_benchmark_hour

    generate_benchmark_hour(
        path, n_events=n_events, tracked_repos=tracked, tracked_share=share, seed=seed
    )
    return path


def _done(path: Path) -> bool:
    """The per-file README is written after the gzip is complete."""
    return (path.parent / f"SYNTHETIC-{path.name.removesuffix('.json.gz')}.md").exists()


def generate_day(out: Path, n_events: int, tracked: list[str], share: float) -> list[Path]:
    """The day's 24 files, generated two at a time if missing (cached by name and size)."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / "PARAMETERS.json"
    params = {"events_per_hour": n_events, "tracked_share": share, "tracked": len(tracked)}
    if stamp.exists() and json.loads(stamp.read_text()) != params:
        shutil.rmtree(out)
        out.mkdir(parents=True)
    stamp.write_text(json.dumps(params))
    paths = [out / f"{DAY:%Y-%m-%d}-{h}.json.gz" for h in range(24)]
    missing = [(hour, p) for hour, p in enumerate(paths) if not _done(p)]
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(_generate_one, p, n_events, tracked, share, hour) for hour, p in missing
        ]
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            log(f"generated {future.result().name} ({done}/{len(missing)})")
    return paths


def anchor_scan(paths: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    files = ", ".join(f"'{p}'" for p in paths)
    with duckdb.connect() as con:
        sql = f"select count(*) from read_json([{files}], format = 'newline_delimited', compression = 'gzip')"
        n = int(con.execute(sql).fetchone()[0])  # type: ignore[index]
    return time.perf_counter() - started, n


class TreeMemory(threading.Thread):
    """Peak resident memory of a process and all its descendants, sampled."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for proc in procs:
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)


def run_day(env: dict[str, str], log_path: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "oso.cli", "run"],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        memory = TreeMemory(proc.pid)
        memory.start()
        code = proc.wait()
        memory.stop.set()
    return time.perf_counter() - started, memory.peak, code


def warehouse_counts(home: Path) -> dict[str, int]:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        one = lambda sql: int(con.execute(sql).fetchone()[0])  # type: ignore[index] # noqa: E731
        return {
            "gharchive events kept": one("select count(*) from gharchive.events"),
            "hours loaded": one("select count(distinct hour) from gharchive.events"),
            "projects": one("select count(*) from marts.projects_v1"),
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work-dir", type=Path, required=True, help="inputs cache and OSO_HOME")
    parser.add_argument("--events-per-hour", type=int, default=210_000)
    parser.add_argument("--tracked-share", type=float, default=0.05)
    parser.add_argument("--oss-directory", type=Path, default=DEFAULT_REGISTRY)
    parser.add_argument("--sources", default=",".join(SOURCES), help="optional sources to run")
    args = parser.parse_args()
    if not args.oss_directory.is_dir():
        sys.exit(f"no oss-directory at {args.oss_directory} (pass --oss-directory)")

    tracked = sorted(tracked_github(load_registry(args.oss_directory)).repos)
    log(f"registry: {len(tracked)} tracked repositories")
    hours = generate_day(
        args.work_dir / "gharchive", args.events_per_hour, tracked, args.tracked_share
    )
    size_gb = sum(p.stat().st_size for p in hours) / 1e9
    anchor_s, n_events = anchor_scan(hours)
    log(f"anchor: plain scan of {n_events:,} events ({size_gb:.2f} GB gzip) in {anchor_s:.1f} s")

    home = args.work_dir / "home"
    shutil.rmtree(home, ignore_errors=True)
    base = {
        "OSO_HOME": str(home),
        "OSO_OSS_DIRECTORY": str(args.oss_directory),
        "OSO_START": str(DAY),
        "OSO_END": str(DAY),
        "OSO_GHARCHIVE_URL": str(args.work_dir / "gharchive"),
        "OSO_SOURCES": json.dumps(args.sources.split(",")),
    }
    os.environ.update(base)
    from oso.demo import demo_services
    from oso.sources.funding.demo import write_demo_funding

    settings = Settings()
    projects = sorted(load_registry(args.oss_directory).projects)
    base["OSO_FUNDING_DIR"] = str(write_demo_funding(home / "demo" / "funding", projects, DAY, DAY))
    with demo_services(settings) as service_env:
        env = {**os.environ, **base, **service_env}
        log("running the day: oso run (log in OSO_HOME/../full-day.log)")
        wall, peak, code = run_day(env, args.work_dir / "full-day.log")
    if code != 0:
        sys.exit(f"oso run failed ({code}); see {args.work_dir / 'full-day.log'}")
    counts = warehouse_counts(home)
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"date: {dt.date.today()}")
    print(f"input: {n_events:,} events in 24 hours, {size_gb:.2f} GB gzip; sources {args.sources}")
    print(f"anchor (plain DuckDB count(*) scan of the 24 files): {anchor_s:.1f} s")
    print(f"full day (oso run, cold): {wall:.1f} s wall, peak memory {peak / 2**30:.2f} GiB")
    for name, value in counts.items():
        print(f"  {name}: {value:,}")


if __name__ == "__main__":
    main()
