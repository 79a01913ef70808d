"""Hourly partitions of GH Archive over the configured window (OSO_START..OSO_END)."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from oso.settings import Settings


def hourly_partitions(settings: Settings) -> dg.HourlyPartitionsDefinition:
    """Up to 23:00 of OSO_END; with no OSO_END (production), open-ended: every complete hour."""
    end = settings.as_of + dt.timedelta(days=1)  # exclusive: the last hour is 23:00 of OSO_END
    return dg.HourlyPartitionsDefinition(
        start_date=f"{settings.window_start:%Y-%m-%d}-00:00",
        end_date=None if settings.rolling else f"{end:%Y-%m-%d}-00:00",
        timezone="UTC",
    )


def hours_of(window: dg.TimeWindow) -> list[dt.datetime]:
    """Every hour in a partition time window, as naive UTC datetimes."""
    start = window.start.astimezone(dt.UTC).replace(tzinfo=None)
    end = window.end.astimezone(dt.UTC).replace(tzinfo=None)
    count = int((end - start).total_seconds() // 3600)
    return [start + dt.timedelta(hours=i) for i in range(count)]
