"""Weekly partitions (weeks starting Monday, UTC) covering the window OSO_START..OSO_END."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from oso.settings import Settings


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_partitions(settings: Settings) -> dg.WeeklyPartitionsDefinition:
    """Every week holding a day of the window; the week of OSO_END even while it is under way."""
    return dg.WeeklyPartitionsDefinition(
        start_date=f"{monday_of(settings.window_start):%Y-%m-%d}",
        end_date=f"{monday_of(settings.as_of) + dt.timedelta(days=7):%Y-%m-%d}",
        day_offset=1,  # Monday
        timezone="UTC",
        end_offset=1,  # the current week counts; end_date still caps it at OSO_END's week
    )


def weeks_of(window: dg.TimeWindow) -> list[dt.date]:
    """The Mondays of every week in a partition time window."""
    start = window.start.astimezone(dt.UTC).date()
    end = window.end.astimezone(dt.UTC).date()
    return [start + dt.timedelta(days=d) for d in range(0, (end - start).days, 7)]
