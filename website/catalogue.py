"""The metric catalogue: every metric of ``metrics_v0`` with its definition and its SQL.

Grouped by source and metric; each metric has an anchor (``#<metric_name>``) so other pages
can link to its definition. Optional: a store without ``metrics_v0`` gets no catalogue page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from oso.serving.store import ServingStore
from website.tables import table_name

CATALOGUE_URL = "metrics/index.html"
SAFE_NAME = re.compile(r"[A-Za-z0-9_]{1,200}")
GRAIN_ORDER = (
    "daily", "weekly", "monthly", "quarterly", "yearly", "over_90_days", "over_6_months",
    "over_all_time",
)  # fmt: skip


@dataclass(frozen=True)
class Metric:
    name: str
    display_name: str
    description: str
    unit: str
    event_source: str
    group: str
    time_grain: str
    sql: str


@dataclass(frozen=True)
class MetricFamily:
    """One metric of the catalogue (e.g. GITHUB stars) at all its time grains."""

    event_source: str
    group: str
    display_name: str
    description: str
    unit: str
    grains: list[Metric]


def _grain_key(metric: Metric) -> tuple[int, str]:
    grain = metric.time_grain
    return (GRAIN_ORDER.index(grain) if grain in GRAIN_ORDER else len(GRAIN_ORDER), grain)


def load_catalogue(store: ServingStore, present: set[str]) -> list[MetricFamily]:
    """The catalogue from ``metrics_v0`` (empty when it is not published)."""
    if "metrics_v0" not in present:
        return []
    table = store.query_arrow(
        "SELECT metric_name, display_name, description, unit, event_source, metric_group, "
        f"time_grain, rendered_sql FROM {table_name(store, 'metrics_v0')} "
        "ORDER BY event_source, metric_group, metric_name"
    )
    metrics = [Metric(*(str(v or "") for v in row.values())) for row in table.to_pylist()]
    for metric in metrics:  # names become file names (metrics/<name>.sql) and anchors
        if not SAFE_NAME.fullmatch(metric.name):
            raise ValueError(f"metrics_v0: metric name {metric.name!r} is not a plain identifier")
    families = []
    for (source, group), items in groupby(metrics, key=lambda m: (m.event_source, m.group)):
        grains = sorted(items, key=_grain_key)
        first = grains[0]
        families.append(
            MetricFamily(source, group, first.display_name, first.description, first.unit, grains)
        )
    return families
