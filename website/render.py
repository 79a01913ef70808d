"""Render the site's pages from ``SiteData`` with one compiled Jinja2 template per page type.

``SitePages.pages()`` yields ``(relative path, html)`` pairs; every link in the output is
relative (``../../projects/<slug>/index.html``), so the site works from any URL prefix
and straight from disk.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from website.artifacts import artifacts_csv, group_artifacts
from website.cards import card_groups
from website.catalogue import CATALOGUE_URL
from website.data import Collection, Project, SiteData
from website.embed import widget_files, widgets
from website.keymetrics import as_display
from website.metrics import MISSING, TABLE_COLUMNS, as_number, format_value
from website.safejson import script_json
from website.search import SEARCH_INDEX_URL, search_index
from website.series import Chart, chart_payload

STATUS_URL = "status/index.html"

TEMPLATES_DIR = Path(__file__).parent / "templates"
SYNTHETIC_NOTICE = "Synthetic demo data: generated activity, not real GitHub events"
LEADERBOARD_PAGE_SIZE = 200
ARTIFACTS_SHOWN = 100  # per section; longer lists link to the project's artifacts.csv


@dataclass(frozen=True)
class SiteContext:
    as_of: dt.date
    window_start: dt.date
    synthetic: bool = False
    graphql_url: str | None = None
    synthetic_notice: str = SYNTHETIC_NOTICE


@dataclass(frozen=True)
class LeaderboardPage:
    number: int
    count: int
    projects: list[Project]

    @property
    def prev_url(self) -> str | None:
        return leaderboard_url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return leaderboard_url(self.number + 1) if self.number < self.count else None


def leaderboard_url(number: int) -> str:
    return "index.html" if number == 1 else f"leaderboard/{number}/index.html"


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = format_value
    return env


def _column_total(projects: list[Project], column: str) -> str:
    values = [p.primary.get(column) for p in projects]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return MISSING
    total = sum(as_number(v) for v in numbers)
    return format_value(int(total) if all(isinstance(v, int) for v in numbers) else total)


def _chart_json(charts: list[Chart], data: SiteData) -> str:
    """The charts' data for ``static/charts.js``, safe inside a <script> element."""
    return script_json(chart_payload(charts, data.timeline))


def _chart_captions(charts: list[Chart], data: SiteData) -> list[str]:
    """One line per chart: the window's total, or the busiest period for counts of people."""
    period = {"daily": "day", "weekly": "week", "monthly": "month"}[data.timeline.grain]
    captions = []
    for chart in charts:
        sources = ", ".join(line.source for line in chart.lines)
        if chart.spec.additive:
            total = as_display(sum(line.total for line in chart.lines))
            captions.append(f"{format_value(total)} in the window ({sources}), per {period}")
        else:
            peak = as_display(max(max(line.values) for line in chart.lines))
            captions.append(f"at most {format_value(peak)} in one {period} ({sources})")
    return captions


class SitePages:
    """All pages of one build; templates are compiled once and reused for every page."""

    def __init__(self, data: SiteData, context: SiteContext) -> None:
        self.data = data
        self.context = context
        env = make_environment()
        self.templates = {
            n: env.get_template(f"{n}.html")
            for n in ("index", "project", "collection", "metrics", "status")
        }
        self.known_metrics = {m.name for f in data.catalogue for m in f.grains}
        self.ranked_count = sum(1 for p in data.projects if p.rank is not None)

    def _render(self, name: str, root: str, **values: Any) -> str:
        catalogue = CATALOGUE_URL if self.data.catalogue else None
        return self.templates[name].render(
            site=self.context,
            root=root,
            table_columns=TABLE_COLUMNS,
            catalogue_url=catalogue,
            status_url=STATUS_URL,
            **values,
        )

    def leaderboard_pages(self) -> Iterator[tuple[str, str]]:
        projects = self.data.projects
        count = max(1, math.ceil(len(projects) / LEADERBOARD_PAGE_SIZE))
        for number in range(1, count + 1):
            chunk = projects[(number - 1) * LEADERBOARD_PAGE_SIZE : number * LEADERBOARD_PAGE_SIZE]
            page = LeaderboardPage(number, count, chunk)
            yield (
                leaderboard_url(number),
                self._render(
                    "index",
                    "" if number == 1 else "../../",
                    page=page,
                    project_count=len(projects),
                    collection_count=len(self.data.collections),
                    collections=self.data.collections,
                    leaderboards=self.data.leaderboards if number == 1 else [],
                    search_index_url=SEARCH_INDEX_URL,
                ),
            )

    def project_page(self, project: Project) -> Iterator[tuple[str, str]]:
        """The project's page, and its artifacts.csv when a section is cut short."""
        groups = group_artifacts(project.artifacts)
        sections = [
            (title, items[:ARTIFACTS_SHOWN], len(items))
            for title, items in (
                ("Repositories", groups.repositories),
                ("Packages", groups.packages),
                ("Addresses", groups.addresses),
                ("Other", groups.other),
            )
        ]
        truncated = any(len(shown) < total for _, shown, total in sections)
        if truncated:
            yield f"projects/{project.slug}/artifacts.csv", artifacts_csv(project.artifacts)
        html = self._render(
            "project",
            "../../",
            project=project,
            metric_groups=card_groups(project, self.data.metric_columns, self.known_metrics),
            charts=project.charts,
            chart_json=_chart_json(project.charts, self.data),
            chart_captions=_chart_captions(project.charts, self.data),
            widgets=widgets(project),
            artifact_sections=sections,
            artifacts_truncated=truncated,
            artifacts_shown=ARTIFACTS_SHOWN,
            ranked_count=self.ranked_count,
            leaderboard_url=leaderboard_url((project.position - 1) // LEADERBOARD_PAGE_SIZE + 1),
        )
        yield f"projects/{project.slug}/index.html", html

    def collection_page(self, collection: Collection) -> tuple[str, str]:
        totals = [_column_total(collection.projects, c) for c, _ in TABLE_COLUMNS]
        charts = collection.charts
        html = self._render(
            "collection",
            "../../",
            collection=collection,
            totals=totals,
            charts=charts,
            chart_json=_chart_json(charts, self.data),
            chart_captions=_chart_captions(charts, self.data),
        )
        return f"collections/{collection.slug}/index.html", html

    def catalogue_page(self) -> tuple[str, str]:
        html = self._render("metrics", "../", families=self.data.catalogue)
        return CATALOGUE_URL, html

    def status_page(self) -> tuple[str, str]:
        return STATUS_URL, self._render("status", "../", status=self.data.status)

    def pages(self) -> Iterator[tuple[str, str]]:
        yield from self.leaderboard_pages()
        yield SEARCH_INDEX_URL, search_index(self.data.projects, self.data.collections)
        yield self.status_page()
        if self.data.catalogue:
            yield self.catalogue_page()
            for family in self.data.catalogue:
                for metric in family.grains:  # each metric's SQL as plain text
                    yield f"metrics/{metric.name}.sql", metric.sql + "\n"
        as_of = self.context.as_of.isoformat()
        for project in self.data.projects:
            yield from self.project_page(project)
            yield from widget_files(project, as_of)
        for collection in self.data.collections:
            yield self.collection_page(collection)
