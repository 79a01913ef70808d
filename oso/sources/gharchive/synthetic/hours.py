"""The hourly files: one GH Archive ``YYYY-MM-DD-H.json.gz`` per hour of a date window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson

from oso.sources.gharchive.synthetic.entities import Progress
from oso.sources.gharchive.synthetic.ids import normalise_repos
from oso.sources.gharchive.synthetic.output import (
    README_NAME,
    hour_file_name,
    hours_readme,
    write_gzip,
)
from oso.sources.gharchive.synthetic.world import World


def generate_hours(
    out_dir: Path,
    repos: list[str],
    start: dt.date,
    end: dt.date,
    *,
    seed: int = 0,
    events_per_hour: int = 60,
    background_repos: int = 50,
    progress: Progress | None = None,
) -> list[Path]:
    """Write one synthetic GH Archive file per hour of every day from ``start`` to ``end``.

    ``repos`` are the tracked ``owner/name`` repositories (order and duplicates do not matter);
    ``background_repos`` untracked repositories get events too. Returns the files in hour order.
    """
    tracked = normalise_repos(repos)
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    out_dir.mkdir(parents=True, exist_ok=True)
    world = World(tracked, seed, background_repos, start)
    hours = [
        dt.datetime.combine(start + dt.timedelta(days=d), dt.time(h))
        for d in range((end - start).days + 1)
        for h in range(24)
    ]
    paths: list[Path] = []
    for index, hour in enumerate(hours):
        events = world.simulate_hour(hour, index, events_per_hour)
        path = out_dir / hour_file_name(hour)
        write_gzip(path, [b"".join(orjson.dumps(e) + b"\n" for e in events)], level=6)
        paths.append(path)
        if progress is not None:
            progress(index + 1, len(hours))
    args = {"start": start, "end": end, "seed": seed, "events_per_hour": events_per_hour}
    args["background_repos"] = background_repos
    readme = hours_readme(args, world.tracked, len(paths))
    (out_dir / README_NAME).write_text(readme, encoding="utf-8")
    return paths
