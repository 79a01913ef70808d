"""Warehouse-side clean-up for ``npm.downloads``: weeks that came back empty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import dlt

from oso.sources.npm.settings import RESOURCE


def delete_weeks(pipeline: dlt.Pipeline, weeks: Iterable[dt.date]) -> None:
    """Remove the rows of weeks that now hold no data (a merge cannot delete what it never sees)."""
    weeks = sorted(weeks)
    if not weeks:
        return
    with pipeline.sql_client() as client:
        if not client.has_dataset():
            return
        name = client.make_qualified_table_name(RESOURCE)
        literals = ", ".join(f"date '{week:%Y-%m-%d}'" for week in weeks)
        try:
            client.execute_sql(f"delete from {name} where week in ({literals})")
        except Exception as exc:  # the table does not exist yet: nothing to delete
            if "does not exist" not in str(exc) and "Not found" not in str(exc):
                raise
