"""The demo's static site in a real headless Chromium: pages load, links work, no console errors.

Serves the site the session's demo run built (tests/demo_run.py) on loopback and walks it
like a visitor: home -> a project page -> a collection page, with the keyboard for one hop.
Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from oso.serve import site_app
from tests.browser import browser_page, screenshot
from tests.demo_run import DemoRun
from tests.live_server import serve_app

pytestmark = pytest.mark.slow
V = "els => els.map(e => e.textContent.replace(/,/g, ''))"  # a column's numbers


@pytest.fixture(scope="module")
def site_url(demo_run: DemoRun) -> Iterator[str]:
    with serve_app(site_app(demo_run.home / "site")) as url:  # type: ignore[arg-type]
        yield url


def test_home_project_and_collection_pages_in_chromium(site_url: str) -> None:
    with browser_page() as (page, errors):
        page.goto(f"{site_url}/index.html")
        assert "Synthetic demo data" in page.inner_text("body")
        screenshot(page, "home")
        page.click("a[href*='projects/opensource-observer/']")
        page.wait_for_url("**/projects/opensource-observer/**")
        assert "Open Source Observer" in page.inner_text("h1")
        screenshot(page, "project")
        page.goto(f"{site_url}/index.html")
        collection = page.locator("a[href*='collections/open-data-stack/']").first
        collection.focus()
        page.keyboard.press("Enter")  # keyboard navigation reaches the collection page
        page.wait_for_url("**/collections/open-data-stack/**")
        assert "DuckDB" in page.inner_text("main")
        screenshot(page, "collection")
        assert errors == [], errors


def test_skip_link_is_the_first_tab_stop(site_url: str) -> None:
    with browser_page() as (page, errors):
        page.goto(f"{site_url}/index.html")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "#main"
        assert errors == [], errors


def test_metric_catalogue_lists_every_metric_with_its_sql(site_url: str, demo_run: DemoRun) -> None:
    names = {r[0] for r in demo_run.query("select metric_name from marts.metrics_v0")}
    catalogue = demo_run.home / "site" / "metrics" / "index.html"
    assert catalogue.stat().st_size < 500_000  # the page-weight budget (SQL per grain: .sql files)
    with browser_page() as (page, errors):
        page.goto(f"{site_url}/index.html")
        page.click("nav[aria-label=Site] >> text=Metrics")
        page.wait_for_url("**/metrics/index.html")
        listed = set(page.eval_on_selector_all("ul.grains li[id]", "els => els.map(e => e.id)"))
        assert listed == names and len(names) > 100
        details = page.locator("section.metric details").first
        assert not details.locator("pre").is_visible()
        details.locator("summary").click()  # the definition's SQL, one click away
        assert "select" in details.locator("pre").inner_text().lower()
        screenshot(page, "metrics")
        page.click("a[href='GITHUB_stars_daily.sql']")
        assert "select" in page.inner_text("body").lower()  # the .sql file, shown as text
        assert errors == [], errors


def _painted_pixels(page: Page, figure: str) -> int:
    """Non-transparent pixels on the chart's canvas: bars and lines, axes and grid."""
    return int(
        page.eval_on_selector(
            f"{figure} canvas",
            """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                     let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }""",
        )
    )


def test_search_to_a_project_chart_drawn_with_its_data(site_url: str, demo_run: DemoRun) -> None:
    commits = demo_run.query(
        "select t.sample_date, t.amount from marts.timeseries_metrics_by_project_v0 t "
        "join marts.metrics_v0 m using (metric_id) join marts.projects_v1 p using (project_id) "
        "where p.project_name = 'go-ethereum' and m.metric_name = 'GITHUB_commits_daily' "
        "order by 1",
    )
    assert commits and sum(a for _, a in commits) > 0
    with browser_page() as (page, errors):
        page.goto(f"{site_url}/index.html")
        page.focus("#search-input")
        page.keyboard.type("ethere")
        results = page.locator("#search-results a")
        results.first.wait_for()
        assert "Go Ethereum" in results.all_inner_texts()
        assert "match" in page.inner_text("#search-status")
        screenshot(page, "search")
        page.click("#search-results a:text-is('Go Ethereum')")
        page.wait_for_url("**/projects/go-ethereum/index.html")
        figure = "figure[data-chart]:has(#chart-commits)"
        page.wait_for_selector(f"{figure}[data-drawn]")
        data = page.evaluate("JSON.parse(document.getElementById('chart-data').textContent)")
        chart = next(c for c in data["charts"] if c["key"] == "commits")
        drawn = dict(zip(data["periods"], chart["lines"][0]["values"], strict=True))
        assert {d: v for d, v in drawn.items() if v} == {d.isoformat(): a for d, a in commits}
        assert _painted_pixels(page, figure) > 1000
        assert "GITHUB" in page.inner_text(f"{figure} .u-legend")  # uPlot's own legend
        screenshot(page, "project-charts")
        assert errors == [], errors


def test_collection_table_sorts_by_a_column(site_url: str, demo_run: DemoRun) -> None:
    stars = demo_run.query(
        "select c.star_count from marts.code_metrics_by_project_v1 c "
        "join marts.projects_by_collection_v1 pc using (project_id) "
        "where pc.collection_name = 'open-data-stack'",
    )
    column = "#collection-table tbody tr td:nth-child(3)"  # Rank, Project (th), Stars
    with browser_page() as (page, errors):
        page.goto(f"{site_url}/collections/open-data-stack/index.html")
        header = page.locator("#collection-table thead th", has_text="Stars")
        header.locator("button").click()
        values = [float(v) for v in page.eval_on_selector_all(column, V)]
        assert values == sorted((float(s) for (s,) in stars), reverse=True)
        assert header.get_attribute("aria-sort") == "descending"
        assert "Sorted by Stars, descending" in page.inner_text("#sort-status")
        screenshot(page, "collection-sorted")
        header.locator("button").focus()
        page.keyboard.press("Enter")  # the keyboard reverses it
        assert [float(v) for v in page.eval_on_selector_all(column, V)] == sorted(values)
        assert header.get_attribute("aria-sort") == "ascending"
        assert page.locator(".charts figure[data-drawn]").count() >= 4  # aggregate charts
        assert errors == [], errors


def test_badges_and_card_render_with_snippets(site_url: str, demo_run: DemoRun) -> None:
    ((stars,),) = demo_run.query(
        "select star_count from marts.code_metrics_by_project_v1 "
        "where project_name = 'go-ethereum' and event_source = 'GITHUB'",
    )
    with browser_page() as (page, errors):
        page.goto(f"{site_url}/projects/go-ethereum/index.html")
        images = page.locator(".widgets img")
        assert images.count() == 5  # four badges and the card
        for i in range(images.count()):
            images.nth(i).scroll_into_view_if_needed()
            assert images.nth(i).evaluate("img => img.complete && img.naturalWidth") > 0
        badge = page.request.get(f"{site_url}/badges/go-ethereum/stars.svg")
        assert badge.ok and badge.headers["content-type"].startswith("image/svg+xml")
        assert f"stars: {stars:,}" in badge.text()
        snippet = page.locator("code[data-snippet=markdown]").first.text_content()
        assert snippet == (
            f"[![Go Ethereum: stars]({site_url}/badges/go-ethereum/stars.svg)]"
            f"({site_url}/projects/go-ethereum/index.html)"
        )
        page.locator(".widget").first.scroll_into_view_if_needed()
        screenshot(page, "project-embed")
        assert errors == [], errors


def test_status_page_shows_freshness_per_source(site_url: str, demo_run: DemoRun) -> None:
    sources = demo_run.query(
        "select event_source, max(last_event_date) "
        "from marts.event_indexing_status_by_project_v1 group by 1 order by 1",
    )
    with browser_page() as (page, errors):
        page.goto(f"{site_url}/index.html")
        page.click("nav[aria-label=Site] >> text=Status")
        page.wait_for_url("**/status/index.html")
        rows = page.locator("#source-status tbody tr")
        shown = [
            (rows.nth(i).locator("th").inner_text(), rows.nth(i).locator("td").nth(2).inner_text())
            for i in range(rows.count())
        ]
        assert shown == [(s, d.isoformat()) for s, d in sources] and len(sources) >= 4
        assert page.locator("#mart-status tbody tr").count() >= 20  # every published mart
        screenshot(page, "status")
        assert errors == [], errors


@pytest.mark.parametrize(
    "path",
    ["index.html", "projects/go-ethereum/index.html", "collections/open-data-stack/index.html"],
)
def test_pages_fit_a_phone_screen(site_url: str, path: str) -> None:
    with browser_page() as (page, errors):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than a 390px screen"
        screenshot(page, "phone-" + path.split("/")[-2 if "/" in path else 0].replace(".html", ""))
        assert errors == [], errors
