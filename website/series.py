"""Time series for the charts, from ``timeseries_metrics_by_{project,collection}_v0``.

One query per mart reads every chart metric at one time grain, chosen from the length of
the data window (daily up to four months, weekly up to three years, else monthly). Each
entity gets one value per period of the window, 0 where the mart has no row (the marts
store only periods with events), so every chart of a build shares the same x axis.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from oso.serving.store import ServingStore
from website.tables import row_tuples, table_name


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    metric_group: str  # metrics_v0.metric_group; one line per event source
    sources: tuple[str, ...] = ()  # () = every source with this group
    additive: bool = True  # False for distinct people: periods do not add up


CHARTS = (
    ChartSpec("commits", "Commits", "commits", ("GITHUB",)),
    ChartSpec("active_developers", "Active developers", "active_developers", ("GITHUB",), False),
    ChartSpec("contributors", "Contributors", "contributors", ("GITHUB",), False),
    ChartSpec("stars", "New stars", "stars", ("GITHUB",)),
    ChartSpec("downloads", "Downloads", "downloads"),
    ChartSpec("transactions", "Transactions", "transactions"),
    ChartSpec("funding", "Funding received", "funding_received"),
)
MARTS = {
    "project_id": "timeseries_metrics_by_project_v0",
    "collection_id": "timeseries_metrics_by_collection_v0",
}


@dataclass
class Line:
    source: str
    values: list[float]

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass
class Chart:
    spec: ChartSpec
    unit: str
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Timeline:
    grain: str  # daily | weekly | monthly
    periods: list[dt.date]


def choose_grain(window_start: dt.date, as_of: dt.date) -> str:
    days = (as_of - window_start).days + 1
    return "daily" if days <= 122 else "weekly" if days <= 1100 else "monthly"


def _period_start(day: dt.date, grain: str) -> dt.date:
    if grain == "weekly":
        return day - dt.timedelta(days=day.weekday())  # ISO weeks start on Monday
    if grain == "monthly":
        return day.replace(day=1)
    return day


def timeline(window_start: dt.date, as_of: dt.date) -> Timeline:
    grain = choose_grain(window_start, as_of)
    periods: list[dt.date] = []
    day = window_start
    while day <= as_of:
        start = _period_start(day, grain)
        if not periods or periods[-1] != start:
            periods.append(start)
        day += dt.timedelta(days=1)
    return Timeline(grain, periods)


def load_charts(
    store: ServingStore, present: set[str], key: str, line: Timeline
) -> dict[str, list[Chart]]:
    """``{entity id: [Chart, ...]}`` in ``CHARTS`` order, charts with no events left out."""
    mart = MARTS[key]
    if mart not in present or "metrics_v0" not in present:
        return {}
    groups = sorted({c.metric_group for c in CHARTS})
    rows = row_tuples(
        store,
        f"SELECT t.{key} AS id, m.metric_group AS grp, m.event_source AS src, "
        "t.sample_date AS day, t.amount AS amount, m.unit AS unit "
        f"FROM {table_name(store, mart)} AS t "
        f"INNER JOIN {table_name(store, 'metrics_v0')} AS m ON t.metric_id = m.metric_id "
        "WHERE m.time_grain = {grain:String} AND m.metric_group IN {groups:Array(String)} "
        "AND t.sample_date >= {start:Date32} AND t.sample_date <= {end:Date32}",
        {"grain": line.grain, "groups": groups, "start": line.periods[0], "end": line.periods[-1]},
    )
    index = {day: i for i, day in enumerate(line.periods)}
    values: dict[tuple[str, str, str], list[float]] = {}
    units: dict[str, str] = {}
    for entity, group, source, day, amount, unit in rows:
        slot = index.get(day)
        if slot is None or not amount:
            continue
        row = values.setdefault((entity, group, source), [0.0] * len(line.periods))
        row[slot] += float(amount)
        units.setdefault(group, unit or "")
    return _assemble(values, units)


def _assemble(
    values: dict[tuple[str, str, str], list[float]], units: dict[str, str]
) -> dict[str, list[Chart]]:
    by_entity: dict[str, dict[str, list[Line]]] = defaultdict(lambda: defaultdict(list))
    for (entity, group, source), row in sorted(values.items()):
        by_entity[entity][group].append(Line(source, row))
    charts: dict[str, list[Chart]] = {}
    for entity, groups in by_entity.items():
        charts[entity] = [
            Chart(spec, units.get(spec.metric_group, ""), lines)
            for spec in CHARTS
            if (lines := [ln for ln in groups.get(spec.metric_group, []) if _wanted(spec, ln)])
        ]
    return charts


def _wanted(spec: ChartSpec, line: Line) -> bool:
    return not spec.sources or line.source in spec.sources


def chart_payload(charts: list[Chart], line: Timeline) -> dict[str, object]:
    """The JSON a page embeds for ``static/charts.js``: shared x axis, one entry per chart."""
    return {
        "grain": line.grain,
        "periods": [d.isoformat() for d in line.periods],
        "charts": [
            {
                "key": c.spec.key,
                "title": c.spec.title,
                "unit": c.unit,
                "lines": [
                    {"label": ln.source, "values": [_compact(v) for v in ln.values]}
                    for ln in c.lines
                ],
            }
            for c in charts
        ],
    }


def _compact(value: float) -> float | int:
    return int(value) if value.is_integer() else round(value, 4)
