"""Embeddable widgets of a project: shields-style SVG badges and an SVG project card.

Files: ``badges/<slug>/<metric>.svg`` and ``badges/<slug>/card.svg``. The project page shows
each one with Markdown and HTML snippets; ``static/embed.js`` turns the snippets' relative
URLs into absolute ones from the page's own address, so the site needs no configured base
URL and the snippets are right wherever it is hosted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from website.badges import COLORS, badge_svg, project_card_svg
from website.data import Project
from website.metrics import MISSING, format_value


@dataclass(frozen=True)
class BadgeSpec:
    key: str  # file name
    label: str  # the badge's left text
    column: str  # code_metrics_by_project_v1 column
    color: str


BADGES = (
    BadgeSpec("stars", "stars", "star_count", COLORS["blue"]),
    BadgeSpec("active-developers", "active devs (6 mo)", "active_developer_count_6_months",
              COLORS["green"]),
    BadgeSpec("commits", "commits (6 mo)", "commit_count_6_months", COLORS["green"]),
    BadgeSpec("contributors", "contributors", "contributor_count", COLORS["blue"]),
)  # fmt: skip
CARD_STATS = (
    ("Active devs, 6 mo", "active_developer_count_6_months"),
    ("Commits, 6 mo", "commit_count_6_months"),
    ("Contributors", "contributor_count"),
    ("Stars", "star_count"),
)


@dataclass(frozen=True)
class Widget:
    title: str
    path: str  # site-relative
    alt: str


def badge_dir(project: Project) -> str:
    return f"badges/{project.slug}"


def widgets(project: Project) -> list[Widget]:
    """The project's badges then its card, as shown (with snippets) on its page."""
    name = project.display_name
    items = [
        Widget(f"Badge: {b.label}", f"{badge_dir(project)}/{b.key}.svg", f"{name}: {b.label}")
        for b in BADGES
    ]
    items.append(Widget("Project card", f"{badge_dir(project)}/card.svg", f"{name} on OSO"))
    return items


def widget_files(project: Project, as_of: str) -> Iterator[tuple[str, str]]:
    """``(site-relative path, svg)`` for every widget of ``project``."""
    row = project.primary
    for b in BADGES:
        value = format_value(row.get(b.column))
        color = b.color if value != MISSING else COLORS["grey"]
        yield f"{badge_dir(project)}/{b.key}.svg", badge_svg(b.label, value, color=color)
    stats = [(text, format_value(row.get(column))) for text, column in CARD_STATS]
    card = project_card_svg(
        project.display_name,
        project.name,
        stats,
        f"Open Source Observer \u00b7 data as of {as_of}",
    )
    yield f"{badge_dir(project)}/card.svg", card
