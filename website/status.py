"""The status page's data: freshness per event source and the latest publish of every mart.

Per source, the last day with an event in ``event_indexing_status_by_project_v1`` and its
lag behind the as-of date; per mart, the latest entry of the serving store's
``_publish_log`` (when, which version, how many rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from oso.serving.store import ServingStore
from website.tables import row_tuples, table_name

STALE_AFTER_DAYS = {"GITHUB": 1}  # hourly source: a day behind is stale; others get DEFAULT
DEFAULT_STALE_AFTER_DAYS = 7


@dataclass(frozen=True)
class SourceStatus:
    source: str
    first: dt.date
    last: dt.date
    projects: int
    lag_days: int  # as_of - last

    @property
    def fresh(self) -> bool:
        return self.lag_days <= STALE_AFTER_DAYS.get(self.source, DEFAULT_STALE_AFTER_DAYS)


@dataclass(frozen=True)
class MartStatus:
    table: str
    version: str
    rows: int
    published_at: dt.datetime


@dataclass
class Status:
    sources: list[SourceStatus] = field(default_factory=list)
    marts: list[MartStatus] = field(default_factory=list)

    @property
    def last_publish(self) -> dt.datetime | None:
        return max((m.published_at for m in self.marts), default=None)


def load_status(store: ServingStore, present: set[str], as_of: dt.date) -> Status:
    status = Status()
    if "event_indexing_status_by_project_v1" in present:
        for source, first, last, projects in row_tuples(
            store,
            "SELECT event_source, min(first_event_date), max(last_event_date), "
            f"uniqExact(project_id) FROM {table_name(store, 'event_indexing_status_by_project_v1')} "
            "GROUP BY event_source ORDER BY event_source",
        ):
            status.sources.append(
                SourceStatus(source, first, last, int(projects), (as_of - last).days)
            )
    if "_publish_log" in present:
        for table, version, rows, at in row_tuples(
            store,
            "SELECT `table`, argMax(version, at), argMax(rows, at), toUnixTimestamp64Micro(max(at)) "
            f"FROM {table_name(store, '_publish_log')} WHERE action = 'publish' "
            "GROUP BY `table` ORDER BY `table`",
        ):
            published = dt.datetime.fromtimestamp(at / 1e6, dt.UTC)
            status.marts.append(MartStatus(table, version, int(rows), published))
    return status
