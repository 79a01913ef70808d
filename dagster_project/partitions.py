"""Weekly partitions shared by the sources that fetch a week per request (npm, Open Collective)."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from oso.settings import Settings


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_partitions(settings: Settings) -> dg.WeeklyPartitionsDefinition:
    """Whole weeks (Monday to Monday, UTC) from the Monday on or before OSO_START to the week
    holding OSO_END; with no OSO_END (production), open-ended, up to the week under way.

    The last week may end after OSO_END (and after now): its API window stops at the end of
    the OSO_END day; ``end_offset=1`` keeps that in-progress week selectable.
    """
    end = monday_of(settings.as_of) + dt.timedelta(days=7)
    return dg.WeeklyPartitionsDefinition(
        start_date=f"{monday_of(settings.window_start):%Y-%m-%d}",
        end_date=None if settings.rolling else f"{end:%Y-%m-%d}",
        day_offset=1,  # Monday
        timezone="UTC",
        end_offset=1,
    )
