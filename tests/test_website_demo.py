"""The demo's site against its warehouse: leaderboards, coverage, definitions, page weights.

Reads the site the session's demo run built (tests/demo_run.py) as files and checks what it
shows against the marts in the demo's DuckDB warehouse.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.demo_run import DemoRun
from website.badges import contrast_ratio
from website.build import STATIC_DIR
from website.weight import PAGE_BUDGET_BYTES, site_weights

pytestmark = pytest.mark.slow


def _site(demo_run: DemoRun) -> Path:
    return demo_run.home / "site"


def test_every_page_is_within_the_weight_budget(demo_run: DemoRun) -> None:
    weights = site_weights(_site(demo_run))
    assert len(weights) > 10
    heaviest = weights[0]
    assert heaviest.bytes < PAGE_BUDGET_BYTES, heaviest
    project = next(w for w in weights if w.page == "projects/go-ethereum/index.html")
    assert "static/vendor/uPlot.iife.min.js" in project.loads  # the chart library is counted


def test_stars_leaderboard_matches_the_warehouse(demo_run: DemoRun) -> None:
    rows = demo_run.query(
        "select p.display_name, k.amount from marts.key_metrics_by_project_v0 k "
        "join marts.metrics_v0 m using (metric_id) join marts.projects_v1 p using (project_id) "
        "where m.metric_name = 'GITHUB_stars_over_all_time' and k.amount > 0 "
        "order by k.amount desc limit 10",
    )
    home = (_site(demo_run) / "index.html").read_text()
    board = home[home.index('id="board-stars"') :].split("</ol>")[0]
    shown = re.findall(r'index.html">([^<]+)</a> <span class="num-value">([\d,]+)<', board)
    assert [int(v.replace(",", "")) for _, v in shown] == [int(a) for _, a in rows]
    assert 'href="metrics/index.html#GITHUB_stars_over_all_time"' in board


def test_project_cards_show_coverage_and_resolve_definitions(demo_run: DemoRun) -> None:
    ((first, last),) = demo_run.query(
        "select min(first_event_date), max(last_event_date) "
        "from marts.event_indexing_status_by_project_v1 "
        "where project_name = 'go-ethereum' and event_source = 'GITHUB'",
    )
    page = (_site(demo_run) / "projects" / "go-ethereum" / "index.html").read_text()
    assert f"data from {first.isoformat()} to {last.isoformat()}" in page
    catalogue = (_site(demo_run) / "metrics" / "index.html").read_text()
    anchors = set(re.findall(r'id="([A-Za-z0-9_]+)"', catalogue))
    links = re.findall(r'href="\.\./\.\./metrics/index.html#([A-Za-z0-9_]+)"', page)
    assert len(links) >= 10 and set(links) <= anchors
    assert "GITHUB_commits_over_6_months" in links


def _css_colors() -> dict[str, str]:
    css = (STATIC_DIR / "site.css").read_text()
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", css))


def test_text_colours_meet_wcag_aa() -> None:
    c = _css_colors()
    pairs = [("fg", "bg"), ("muted", "bg"), ("muted", "panel"), ("accent", "bg"),
             ("accent", "panel"), ("banner-fg", "banner-bg")]  # fmt: skip
    for fg, bg in pairs:
        assert contrast_ratio(c[fg], c[bg]) >= 4.5, (fg, bg)
    assert contrast_ratio("#ffffff", c["accent"]) >= 4.5  # button text
