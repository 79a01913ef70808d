"""The demo's static site in a real headless Chromium: pages load, links work, no console errors.

Serves the site the session's demo run built (tests/demo_run.py) on loopback and walks it
like a visitor: home -> a project page -> a collection page, with the keyboard for one hop.
Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from oso.serve import site_app
from tests.browser import browser_page, screenshot
from tests.demo_run import DemoRun
from tests.live_server import serve_app

pytestmark = pytest.mark.slow


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
    with duckdb.connect(str(demo_run.warehouse), read_only=True) as con:
        names = {r[0] for r in con.execute("select metric_name from marts.metrics_v0").fetchall()}
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
