"""Key metrics (``key_metrics_by_project_v0`` named by ``metrics_v0``), the home page's
leaderboards by key metric, and each project's data coverage per event source
(``event_indexing_status_by_project_v1``). All optional: a store without these marts
gets pages without the sections they feed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from oso.serving.store import ServingStore
from website.tables import row_tuples, table_name


@dataclass(frozen=True)
class KeyMetric:
    name: str  # metrics_v0.metric_name, also the anchor of its definition in the catalogue
    source: str
    group: str
    grain: str
    display_name: str
    amount: float
    unit: str


@dataclass(frozen=True)
class Board:
    key: str
    title: str
    metric_group: str
    grain: str
    sources: tuple[str, ...] = ()  # () = summed over every source with this metric


LEADERBOARDS = (
    Board("active_developers", "Active developers, 6 mo", "active_developers", "over_6_months",
          ("GITHUB",)),
    Board("commits", "Commits, 6 mo", "commits", "over_6_months", ("GITHUB",)),
    Board("stars", "Stars", "stars", "over_all_time", ("GITHUB",)),
    Board("downloads", "Downloads, 6 mo", "downloads", "over_6_months"),
    Board("transactions", "Transactions, 6 mo", "transactions", "over_6_months"),
    Board("funding", "Funding received, USD", "funding_received", "over_all_time"),
)  # fmt: skip
BOARD_SIZE = 10
OTHER_SOURCE_GRAIN = "over_all_time"  # the grain of the non-GitHub cards on project pages


@dataclass(frozen=True)
class Coverage:
    first: dt.date
    last: dt.date


def load_key_metrics(store: ServingStore, present: set[str]) -> dict[str, list[KeyMetric]]:
    if not {"key_metrics_by_project_v0", "metrics_v0"} <= present:
        return {}
    rows = row_tuples(
        store,
        "SELECT k.project_id, m.metric_name, m.event_source, m.metric_group, m.time_grain, "
        "m.display_name, k.amount, coalesce(k.unit, m.unit) "
        f"FROM {table_name(store, 'key_metrics_by_project_v0')} AS k "
        f"INNER JOIN {table_name(store, 'metrics_v0')} AS m ON k.metric_id = m.metric_id "
        "WHERE k.amount IS NOT NULL ORDER BY m.event_source, m.metric_group, m.metric_name",
    )
    by_project: dict[str, list[KeyMetric]] = defaultdict(list)
    for project_id, name, source, group, grain, display, amount, unit in rows:
        by_project[project_id].append(
            KeyMetric(name, source, group, grain, display or group, float(amount), unit or "")
        )
    return dict(by_project)


def board_value(metrics: list[KeyMetric], board: Board) -> tuple[float, str | None]:
    """The project's value on ``board`` and the metric whose definition explains it."""
    matching = [
        m
        for m in metrics
        if m.group == board.metric_group
        and m.grain == board.grain
        and (not board.sources or m.source in board.sources)
    ]
    return sum(m.amount for m in matching), (matching[0].name if matching else None)


def other_source_cards(metrics: list[KeyMetric]) -> list[KeyMetric]:
    """Key metrics of the sources code metrics do not cover (packages, chains, funding)."""
    return [m for m in metrics if m.source != "GITHUB" and m.grain == OTHER_SOURCE_GRAIN]


def load_coverage(store: ServingStore, present: set[str]) -> dict[str, dict[str, Coverage]]:
    """``{project_id: {event_source: first..last day with an event}}``."""
    if "event_indexing_status_by_project_v1" not in present:
        return {}
    rows = row_tuples(
        store,
        "SELECT project_id, event_source, min(first_event_date), max(last_event_date) "
        f"FROM {table_name(store, 'event_indexing_status_by_project_v1')} "
        "GROUP BY project_id, event_source",
    )
    coverage: dict[str, dict[str, Coverage]] = defaultdict(dict)
    for project_id, source, first, last in rows:
        if first is not None and last is not None:
            coverage[project_id][source] = Coverage(first, last)
    return dict(coverage)


def coverage_text(coverage: Coverage | None) -> str:
    if coverage is None:
        return "no events in the data window"
    return f"data from {coverage.first.isoformat()} to {coverage.last.isoformat()}"


def as_display(amount: float) -> int | float:
    return int(amount) if float(amount).is_integer() else amount
