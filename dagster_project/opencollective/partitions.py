"""Weekly partitions of Open Collective transactions (shared with npm: ``dagster_project.partitions``)."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from dagster_project.partitions import weekly_partitions

__all__ = ["weekly_partitions", "weeks_of"]


def weeks_of(window: dg.TimeWindow) -> list[dt.datetime]:
    """The Monday 00:00 (naive UTC) of every week in a partition time window."""
    start = window.start.astimezone(dt.UTC).replace(tzinfo=None)
    end = window.end.astimezone(dt.UTC).replace(tzinfo=None)
    return [start + dt.timedelta(days=7 * i) for i in range((end - start).days // 7)]
