"""Weekly partitions of npm downloads (shared with Open Collective: ``dagster_project.partitions``)."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from dagster_project.partitions import weekly_partitions

__all__ = ["weekly_partitions", "weeks_of"]


def weeks_of(window: dg.TimeWindow) -> list[dt.date]:
    """The Mondays of every week in a partition time window."""
    start = window.start.astimezone(dt.UTC).date()
    end = window.end.astimezone(dt.UTC).date()
    return [start + dt.timedelta(days=d) for d in range(0, (end - start).days, 7)]
