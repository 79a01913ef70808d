"""The command line: ``python -m oso.sources.gharchive.synthetic {hours,benchmark} --help``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from oso.sources.gharchive.synthetic.benchmark import generate_benchmark_hour
from oso.sources.gharchive.synthetic.entities import Progress
from oso.sources.gharchive.synthetic.hours import generate_hours


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    if args.mode == "hours":
        _run_hours(args)
    else:
        _run_benchmark(args)
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def _run_hours(args: argparse.Namespace) -> None:
    repos = [*args.repo, *_read_repos_file(args.repos_file)]
    paths = generate_hours(
        args.out,
        repos,
        args.start,
        args.end,
        seed=args.seed,
        events_per_hour=args.events_per_hour,
        background_repos=args.background_repos,
        progress=_stderr_progress("hours"),
    )
    print(f"wrote {len(paths)} hourly files to {args.out}", file=sys.stderr)


def _run_benchmark(args: argparse.Namespace) -> None:
    path = generate_benchmark_hour(
        args.out,
        n_events=args.n_events,
        tracked_repos=args.tracked,
        tracked_share=args.tracked_share,
        seed=args.seed,
        compresslevel=args.compresslevel,
        progress=_stderr_progress("events"),
    )
    size = path.stat().st_size / 1e6
    print(f"wrote {path} ({size:.1f} MB gzip)", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m oso.sources.gharchive.synthetic",
        description="Write deterministic, clearly marked SYNTHETIC GH Archive files "
        '(every event has "synthetic": true; a SYNTHETIC*.md is written beside them).',
    )
    modes = parser.add_subparsers(dest="mode", required=True)
    _add_hours_mode(modes)
    _add_benchmark_mode(modes)
    return parser


def _add_hours_mode(modes: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    hours = modes.add_parser(
        "hours", help="one YYYY-MM-DD-H.json.gz per hour of a date window (2015 schema)"
    )
    hours.add_argument("--out", type=Path, required=True, help="output directory")
    hours.add_argument(
        "--start", type=dt.date.fromisoformat, required=True, help="first day, YYYY-MM-DD"
    )
    hours.add_argument(
        "--end", type=dt.date.fromisoformat, required=True, help="last day (inclusive)"
    )
    hours.add_argument(
        "--repo", action="append", default=[], help="tracked owner/name (repeatable)"
    )
    hours.add_argument(
        "--repos-file", type=Path, help="file with one tracked owner/name per line (# comments)"
    )
    hours.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    hours.add_argument(
        "--events-per-hour", type=int, default=60, help="mean events per hour (default 60)"
    )
    hours.add_argument(
        "--background-repos", type=int, default=50, help="untracked repositories (default 50)"
    )


def _add_benchmark_mode(modes: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bench = modes.add_parser(
        "benchmark", help="one large hour of 2020s-schema events for benchmarks"
    )
    bench.add_argument(
        "--out", type=Path, required=True, help="output file, best named YYYY-MM-DD-H.json.gz"
    )
    bench.add_argument(
        "--tracked", action="append", default=[], help="tracked owner/name (repeatable)"
    )
    bench.add_argument(
        "--n-events", type=int, default=200_000, help="events in the hour (default 200000)"
    )
    bench.add_argument(
        "--tracked-share", type=float, default=0.05, help="share of tracked events (default 0.05)"
    )
    bench.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    bench.add_argument(
        "--compresslevel",
        type=int,
        default=3,
        choices=range(1, 10),
        metavar="1-9",
        help="gzip level (default 3)",
    )


def _read_repos_file(path: Path | None) -> list[str]:
    if path is None:
        return []
    lines = (
        line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
    )
    return [line for line in lines if line]


def _stderr_progress(label: str) -> Progress:
    shown = {"step": -1}

    def report(done: int, total: int) -> None:
        step = done * 20 // max(total, 1)
        if step != shown["step"] or done == total:
            shown["step"] = step
            print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)

    return report
