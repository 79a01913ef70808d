"""The demo's static site in a real headless Chromium: pages load, links work, no console errors.

Serves the site the session's demo run built (tests/demo_run.py) on loopback and walks it
like a visitor: home -> a project page -> a collection page, with the keyboard for one hop.
Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator

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
