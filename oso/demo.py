"""Synthetic GH Archive input for the demo: every tracked repository of the registry, every hour.

The demo has no internet, so ``oso demo-data`` writes realistic hourly files (labelled
synthetic: a ``SYNTHETIC.md`` marker and a ``synthetic`` flag on each event) for the window.
"""

from __future__ import annotations

import logging
from pathlib import Path

from oso.registry import load_registry, tracked_github
from oso.settings import Settings

log = logging.getLogger(__name__)

# Real repositories of the organisations the bundled registry tracks whole (org URLs).
ORG_REPOS = {
    "opensource-observer": ["oso", "oss-directory", "oss-funding"],
    "wevm": ["viem", "wagmi"],
}


def demo_repos(settings: Settings) -> list[str]:
    """``owner/name`` of every repository the demo generates activity for."""
    tracked = tracked_github(load_registry(settings.oss_directory))
    repos = set(tracked.repos)
    for owner in tracked.owners:
        repos.update(f"{owner}/{name}" for name in ORG_REPOS.get(owner, [owner]))
    return sorted(repos)


def write_demo_data(settings: Settings, out: Path | None = None) -> Path:
    from oso.sources.gharchive.synthetic import generate_hours

    out = out or settings.home / "demo" / "gharchive"
    repos = demo_repos(settings)
    log.info(
        "writing synthetic GH Archive hours for %d repositories, %s .. %s, to %s",
        len(repos),
        settings.window_start,
        settings.as_of,
        out,
    )

    def progress(done: int, total: int) -> None:
        if done % 24 == 0 or done == total:
            log.info("synthetic GH Archive: %d/%d hours", done, total)

    generate_hours(out, repos, settings.window_start, settings.as_of, progress=progress)
    return out
