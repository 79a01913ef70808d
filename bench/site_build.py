"""Benchmark: build the static website for the full real registry (7,112 projects).

Needs a warehouse built over the full real oss-directory, e.g.::

    .venv/bin/python bench/dbt_build.py --events 1M --work-dir DIR --keep --no-run
    .venv/bin/python bench/site_build.py --home DIR

In one run it

1. publishes every mart from ``DIR/warehouse.duckdb`` into the embedded ClickHouse (chDB) at
   ``DIR/serving`` with ``oso publish`` (timed; skip with ``--skip-publish``);
2. builds the site into ``DIR/site`` with ``website.build.build_site``, ``--repeat`` times
   (wall clock and the process's peak RSS), the window being the 365 days ``dbt_build.py``
   spreads its events over (weekly charts);
3. measures every page's weight (its HTML plus every file it loads, ``website.weight``):
   the heaviest page, the home page, the median project page;
4. the anchor: copying the finished site tree (``shutil.copytree``: the same files and bytes
   written with no querying or rendering), the I/O floor of any build.

Prints a Markdown summary for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def publish(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "oso.cli", "publish"], env=env, cwd=REPO, check=True)
    return time.perf_counter() - start


def build(home: Path, as_of: dt.date, start: dt.date, repeat: int) -> tuple[list[float], object]:
    from oso.serving.lease import open_store
    from oso.settings import Settings
    from website.build import build_site

    settings = Settings(home=home, start=start, end=as_of)  # type: ignore[call-arg]
    seconds, result = [], None
    with open_store(settings) as store:
        for i in range(repeat):
            t = time.perf_counter()
            result = build_site(store, home / "site", as_of=as_of, window_start=start)
            seconds.append(time.perf_counter() - t)
            log(f"build {i + 1}/{repeat}: {seconds[-1]:.1f} s")
    return seconds, result


def copy_anchor(site: Path) -> float:
    target = site.with_name("site-copy")
    shutil.rmtree(target, ignore_errors=True)
    t = time.perf_counter()
    shutil.copytree(site, target)
    elapsed = time.perf_counter() - t
    shutil.rmtree(target)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, required=True, help="OSO_HOME with warehouse.duckdb")
    parser.add_argument("--as-of", default="2025-06-30", help="the warehouse's as-of date")
    parser.add_argument("--days", type=int, default=365, help="window length (default 365)")
    parser.add_argument("--repeat", type=int, default=3, help="builds to time (default 3)")
    parser.add_argument("--skip-publish", action="store_true", help="build from what is published")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    start = as_of - dt.timedelta(days=args.days - 1)
    env = {**os.environ, "OSO_HOME": str(args.home), "OSO_START": str(start), "OSO_END": str(as_of)}
    publish_s = None if args.skip_publish else publish(env)
    if publish_s is not None:
        log(f"published in {publish_s:.1f} s")
    seconds, result = build(args.home.resolve(), as_of, start, args.repeat)
    from website.weight import PAGE_BUDGET_BYTES, site_weights

    t = time.perf_counter()
    weights = site_weights(args.home.resolve() / "site")
    weigh_s = time.perf_counter() - t
    by_page = {w.page: w.bytes for w in weights}
    projects = [w.bytes for w in weights if w.page.startswith("projects/")]
    anchor = copy_anchor(args.home.resolve() / "site")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()[0]:.1f}")
    print(f"result: {result}")
    if publish_s is not None:
        print(f"| oso publish (every mart) | {publish_s:.1f} s |")
    print(f"| site build, best of {len(seconds)} | {min(seconds):.1f} s "
          f"(all: {', '.join(f'{s:.1f}' for s in seconds)}) |")  # fmt: skip
    print(f"| anchor: copytree of the built site | {anchor:.1f} s |")
    print(f"| peak RSS of the benchmark process | {peak_mb:.0f} MB |")
    print(f"| heaviest page | {weights[0].page}: {weights[0].bytes / 1000:.0f} KB |")
    print(f"| home page (with search index) | {by_page['index.html'] / 1000:.0f} KB |")
    print(f"| median project page | {statistics.median(projects) / 1000:.0f} KB |")
    print(f"| pages over {PAGE_BUDGET_BYTES // 1000} KB | "
          f"{sum(w.bytes > PAGE_BUDGET_BYTES for w in weights)} of {len(weights)} |")  # fmt: skip
    print(f"| weighing every page | {weigh_s:.1f} s |")


if __name__ == "__main__":
    main()
