"""Load the published marts the site shows, with one query per mart.

Rows are joined in Python by ``project_id`` / ``collection_id``; projects are ranked for
the leaderboard here, so every page sees the same order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from oso.serving.store import ServingStore
from website.artifacts import Artifact
from website.catalogue import MetricFamily, load_catalogue
from website.keymetrics import (
    BOARD_SIZE,
    LEADERBOARDS,
    Board,
    Coverage,
    KeyMetric,
    as_display,
    board_value,
    load_coverage,
    load_key_metrics,
)
from website.metrics import RANK_COLUMNS, as_number, card_columns
from website.paths import assign_slugs
from website.series import Chart, Timeline, load_charts, timeline
from website.status import Status, load_status
from website.tables import table_name

MARTS = (
    "projects_v1",
    "collections_v1",
    "projects_by_collection_v1",
    "artifacts_by_project_v1",
    "code_metrics_by_project_v1",
)


class SiteDataError(RuntimeError):
    """The serving store lacks a mart the site needs."""


@dataclass(eq=False)
class Project:
    project_id: str
    name: str
    display_name: str
    description: str
    slug: str = ""
    position: int = 0  # 1-based place in the leaderboard listing
    rank: int | None = None  # position, for projects with metrics
    metrics: list[dict[str, Any]] = field(default_factory=list)  # one row per event source
    artifacts: list[Artifact] = field(default_factory=list)
    collections: list[Collection] = field(default_factory=list)
    key_metrics: list[KeyMetric] = field(default_factory=list)
    coverage: dict[str, Coverage] = field(default_factory=dict)  # by event source
    charts: list[Chart] = field(default_factory=list)

    @property
    def primary(self) -> dict[str, Any]:
        """The metrics row used in tables (GitHub's when there are several); {} if none."""
        return self.metrics[0] if self.metrics else {}


@dataclass(eq=False)
class Collection:
    collection_id: str
    name: str
    display_name: str
    description: str
    slug: str = ""
    projects: list[Project] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class BoardEntry:
    project: Project
    value: int | float


@dataclass(frozen=True)
class Leaderboard:
    board: Board
    metric_name: str | None  # the definition in the catalogue
    entries: list[BoardEntry]


@dataclass
class SiteData:
    projects: list[Project]  # leaderboard order
    collections: list[Collection]  # by display name
    metric_columns: list[str]  # every non-identity column of code_metrics_by_project_v1
    timeline: Timeline
    catalogue: list[MetricFamily] = field(default_factory=list)  # metrics_v0, when published
    leaderboards: list[Leaderboard] = field(default_factory=list)  # non-empty ones only
    status: Status = field(default_factory=Status)


def _rows(store: ServingStore, sql: str) -> tuple[list[str], list[dict[str, Any]]]:
    table = store.query_arrow(sql)
    return list(table.column_names), table.to_pylist()


def _check_marts(store: ServingStore) -> set[str]:
    _, rows = store.query_rows(
        "SELECT name FROM system.tables WHERE database = {db:String}", {"db": store.database}
    )
    present = {r[0] for r in rows}
    missing = [m for m in MARTS if m not in present]
    if missing:
        raise SiteDataError(f"serving database {store.database!r} lacks marts: {missing}")
    return present


def _load_projects(store: ServingStore) -> dict[str, Project]:
    _, rows = _rows(
        store,
        "SELECT project_id, project_name, display_name, description "
        f"FROM {table_name(store, 'projects_v1')} ORDER BY project_name",
    )
    slugs = assign_slugs(r["project_name"] for r in rows)
    return {
        r["project_id"]: Project(
            r["project_id"],
            r["project_name"],
            r["display_name"] or r["project_name"],
            r["description"] or "",
            slug=slugs[r["project_name"]],
        )
        for r in rows
    }


def _load_collections(store: ServingStore, projects: dict[str, Project]) -> list[Collection]:
    _, rows = _rows(
        store,
        "SELECT collection_id, collection_name, display_name, description "
        f"FROM {table_name(store, 'collections_v1')}",
    )
    slugs = assign_slugs(r["collection_name"] for r in rows)
    by_id = {
        r["collection_id"]: Collection(
            r["collection_id"],
            r["collection_name"],
            r["display_name"] or r["collection_name"],
            r["description"] or "",
            slug=slugs[r["collection_name"]],
        )
        for r in rows
    }
    _, links = _rows(
        store,
        "SELECT DISTINCT collection_id, project_id "
        f"FROM {table_name(store, 'projects_by_collection_v1')}",
    )
    for link in links:
        collection, project = by_id.get(link["collection_id"]), projects.get(link["project_id"])
        if collection is not None and project is not None:
            collection.projects.append(project)
            project.collections.append(collection)
    return sorted(by_id.values(), key=lambda c: (c.display_name.casefold(), c.name))


def _load_artifacts(store: ServingStore, projects: dict[str, Project]) -> None:
    _, rows = _rows(
        store,
        "SELECT DISTINCT project_id, artifact_source, artifact_namespace, artifact_name, "
        f"artifact_type FROM {table_name(store, 'artifacts_by_project_v1')} "
        "ORDER BY project_id, artifact_source, artifact_namespace, artifact_name",
    )
    for r in rows:
        project = projects.get(r["project_id"])
        if project is not None:
            project.artifacts.append(
                Artifact(
                    r["artifact_source"] or "",
                    r["artifact_namespace"] or "",
                    r["artifact_name"] or "",
                    r["artifact_type"] or "",
                )
            )


def _load_metrics(store: ServingStore, projects: dict[str, Project]) -> list[str]:
    columns, rows = _rows(
        store,
        f"SELECT * FROM {table_name(store, 'code_metrics_by_project_v1')} "
        "ORDER BY project_id, event_source != 'GITHUB', event_source",
    )
    for r in rows:
        project = projects.get(r["project_id"])
        if project is not None:
            project.metrics.append(r)
    return card_columns(columns)


def rank_key(project: Project) -> tuple[Any, ...]:
    """Projects with metrics first, by most active developers, commits, stars; then by name."""
    row = project.primary
    return (
        not row,
        *(-as_number(row.get(c)) for c in RANK_COLUMNS),
        project.display_name.casefold(),
        project.name,
    )


def _leaderboards(projects: list[Project], size: int) -> list[Leaderboard]:
    """Top ``size`` projects by each key metric (ties in leaderboard order)."""
    boards = []
    for board in LEADERBOARDS:
        scored = []
        name = None
        for project in projects:
            value, metric = board_value(project.key_metrics, board)
            name = name or metric
            if value > 0:
                scored.append(BoardEntry(project, as_display(value)))
        scored.sort(key=lambda e: -e.value)  # stable: ties keep the overall order
        if scored:
            boards.append(Leaderboard(board, name, scored[:size]))
    return boards


def _attach_extras(
    store: ServingStore, present: set[str], by_id: dict[str, Project], line: Timeline
) -> None:
    for project_id, metrics in load_key_metrics(store, present).items():
        if project_id in by_id:
            by_id[project_id].key_metrics = metrics
    for project_id, coverage in load_coverage(store, present).items():
        if project_id in by_id:
            by_id[project_id].coverage = coverage
    for project_id, charts in load_charts(store, present, "project_id", line).items():
        if project_id in by_id:
            by_id[project_id].charts = charts


def load_site_data(
    store: ServingStore, *, as_of: dt.date, window_start: dt.date, board_size: int = BOARD_SIZE
) -> SiteData:
    present = _check_marts(store)
    line = timeline(window_start, as_of)
    by_id = _load_projects(store)
    collections = _load_collections(store, by_id)
    _load_artifacts(store, by_id)
    metric_columns = _load_metrics(store, by_id)
    _attach_extras(store, present, by_id, line)
    collection_charts = load_charts(store, present, "collection_id", line)
    for collection in collections:
        collection.charts = collection_charts.get(collection.collection_id, [])
    ranked = sorted(by_id.values(), key=rank_key)
    for position, project in enumerate(ranked, start=1):
        project.position = position
        project.rank = position if project.metrics else None
    for collection in collections:
        collection.projects.sort(key=rank_key)
    for project in ranked:
        project.collections.sort(key=lambda c: (c.display_name.casefold(), c.name))
    return SiteData(
        ranked,
        collections,
        metric_columns,
        line,
        load_catalogue(store, present),
        _leaderboards(ranked, board_size),
        load_status(store, present, as_of),
    )
