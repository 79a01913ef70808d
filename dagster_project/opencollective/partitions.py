"""Weekly partitions (Monday to Monday, UTC) covering the window OSO_START..OSO_END."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from oso.settings import Settings


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_partitions(settings: Settings) -> dg.WeeklyPartitionsDefinition:
    """Whole weeks from the Monday on or before OSO_START to the week holding OSO_END.

    The last week may end after OSO_END (and after now): its API window stops at the end of
    the OSO_END day; ``end_offset=1`` keeps that in-progress week selectable.
    """
    return dg.WeeklyPartitionsDefinition(
        start_date=f"{_monday(settings.window_start):%Y-%m-%d}",
        end_date=f"{_monday(settings.as_of) + dt.timedelta(days=7):%Y-%m-%d}",
        day_offset=1,
        timezone="UTC",
        end_offset=1,
    )


def weeks_of(window: dg.TimeWindow) -> list[dt.datetime]:
    """The Monday 00:00 (naive UTC) of every week in a partition time window."""
    start = window.start.astimezone(dt.UTC).replace(tzinfo=None)
    end = window.end.astimezone(dt.UTC).replace(tzinfo=None)
    return [start + dt.timedelta(days=7 * i) for i in range((end - start).days // 7)]
