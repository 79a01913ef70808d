"""The static website: built from marts published into a real chDB serving store."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from oso.ids import collection_id, oso_id, project_id
from oso.serving.publish import TableSpec
from website import build as build_module
from website.build import build_site
from website.metrics import card_columns, label
from website.paths import assign_slugs
from website.render import SYNTHETIC_NOTICE
from website.weight import PAGE_BUDGET_BYTES, site_weights

AS_OF = dt.date(2025, 9, 30)
WINDOW_START = dt.date(2025, 3, 1)
# The only scripts a page may hold: the site's own files and the charts' JSON data
OWN_SCRIPT = re.compile(
    r'<script src="(\.\./)*(static/[a-z]+\.js|static/vendor/uPlot\.iife\.min\.js|search-index\.js)">'
    r'|<script type="application/json" id="chart-data">'
)
METRIC_COLUMNS = [
    "repository_count",
    "star_count",
    "fork_count",
    "developer_count",
    "contributor_count",
    "contributor_count_6_months",
    "new_contributor_count_6_months",
    "active_developer_count_6_months",
    "commit_count_6_months",
    "opened_pull_request_count_6_months",
    "merged_pull_request_count_6_months",
    "opened_issue_count_6_months",
    "closed_issue_count_6_months",
    "comment_count_6_months",
    "release_count_6_months",
]
EVIL = '<script>alert("x")</script> & "quoted" \'single\''


# --- publishing the five marts ------------------------------------------------------------


def _strings(**columns: list[str]) -> pa.Table:
    return pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})


def _project_keys(names: list[str]) -> dict[str, list[str]]:
    return {
        "project_id": [project_id(n) for n in names],
        "project_source": ["OSS_DIRECTORY"] * len(names),
        "project_namespace": ["oso"] * len(names),
        "project_name": names,
    }


def _collection_keys(names: list[str]) -> dict[str, list[str]]:
    return {
        "collection_id": [collection_id(c) for c in names],
        "collection_source": ["OSS_DIRECTORY"] * len(names),
        "collection_namespace": ["oso"] * len(names),
        "collection_name": names,
    }


def _metrics_table(metrics: dict[str, dict[str, int]]) -> pa.Table:
    names = list(metrics)
    table = _strings(
        **_project_keys(names), display_name=names, event_source=["GITHUB"] * len(names)
    )
    for column, day in (("first_commit_date", (2020, 1, 2)), ("last_commit_date", (2025, 9, 29))):
        stamps = [dt.datetime(*day, tzinfo=dt.UTC)] * len(names)
        table = table.append_column(column, pa.array(stamps, pa.timestamp("us", tz="UTC")))
    for column in METRIC_COLUMNS:
        values = [metrics[n].get(column, 0) for n in names]
        table = table.append_column(column, pa.array(values, pa.int64()))
    return table


def _mart_tables(
    projects: list[tuple[str, str, str]],
    metrics: dict[str, dict[str, int]],
    artifacts: list[tuple[str, str, str, str, str]],
    collections: dict[str, tuple[str, list[str]]],
) -> dict[str, pa.Table]:
    names = list(collections)
    links = [(c, p) for c in names for p in collections[c][1]]
    return {
        "projects_v1": _strings(
            **_project_keys([n for n, _, _ in projects]),
            display_name=[d for _, d, _ in projects],
            description=[s for _, _, s in projects],
        ),
        "collections_v1": _strings(
            **_collection_keys(names),
            display_name=[collections[c][0] for c in names],
            description=[f"About {c}" for c in names],
        ),
        "projects_by_collection_v1": _strings(
            **_project_keys([p for _, p in links]), **_collection_keys([c for c, _ in links])
        ),
        "artifacts_by_project_v1": _strings(
            artifact_id=[oso_id("ARTIFACT", s, t, f"{ns}/{n}") for _, s, ns, n, t in artifacts],
            artifact_source_id=[f"{ns}/{n}" for _, _, ns, n, _ in artifacts],
            artifact_source=[a[1] for a in artifacts],
            artifact_namespace=[a[2] for a in artifacts],
            artifact_name=[a[3] for a in artifacts],
            artifact_type=[a[4] for a in artifacts],
            **_project_keys([a[0] for a in artifacts]),
        ),
        "code_metrics_by_project_v1": _metrics_table(metrics),
    }


def publish_marts(
    store: Any,
    projects: list[tuple[str, str, str]],
    metrics: dict[str, dict[str, int]],
    artifacts: list[tuple[str, str, str, str, str]],
    collections: dict[str, tuple[str, list[str]]],
) -> None:
    """Publish the five marts the site reads (metrics rows only for projects in ``metrics``)."""
    order = {"projects_by_collection_v1": ("collection_name", "project_name")}
    for name, table in _mart_tables(projects, metrics, artifacts, collections).items():
        key = order.get(
            name, ("collection_name",) if name == "collections_v1" else ("project_name",)
        )
        store.publish(TableSpec(name, order_by=key), table)


SMALL_PROJECTS = [
    ("alpha", "Alpha Project", "Tools for alpha things."),
    ("beta", "Beta & <Co>", EVIL),
    ("gamma", "Gamma", ""),  # no metrics rows
]
SMALL_METRICS = {
    "alpha": {
        "star_count": 1500,
        "fork_count": 20,
        "commit_count_6_months": 100,
        "active_developer_count_6_months": 5,
        "contributor_count": 30,
        "opened_pull_request_count_6_months": 12,
        "merged_pull_request_count_6_months": 10,
    },
    "beta": {
        "star_count": 10,
        "fork_count": 3,
        "commit_count_6_months": 40,
        "active_developer_count_6_months": 9,
        "contributor_count": 11,
        "opened_pull_request_count_6_months": 7,
        "merged_pull_request_count_6_months": 6,
    },
}
SMALL_ARTIFACTS = [
    ("alpha", "GITHUB", "alpha-org", "alpha", "REPOSITORY"),
    ("alpha", "NPM", "", "alpha-sdk", "PACKAGE"),
    ("alpha", "OPTIMISM", "", "0x" + "ab" * 20, "ADDRESS"),
    ("beta", "GITHUB", "beta-org", "beta<core>", "REPOSITORY"),
]
SMALL_COLLECTIONS = {"defi": ("DeFi <Builders>", ["alpha", "beta", "gamma"])}


@pytest.fixture
def small_store(serving_store: Any) -> Any:
    publish_marts(serving_store, SMALL_PROJECTS, SMALL_METRICS, SMALL_ARTIFACTS, SMALL_COLLECTIONS)
    return serving_store


# --- HTML helpers -----------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects hrefs and the cell texts of table body/footer rows."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.rows: dict[str, list[list[str]]] = {"tbody": [], "tfoot": []}
        self._section: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in {"href", "src"} and value is not None:
                self.hrefs.append(value)
        if tag in self.rows:
            self._section = tag
        elif tag == "tr" and self._section:
            self.rows[self._section].append([])
        elif tag in {"td", "th"} and self._section:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.rows:
            self._section = None
        elif tag in {"td", "th"} and self._cell is not None and self._section:
            self.rows[self._section][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


# --- tests ------------------------------------------------------------------------------


def test_pages_exist_for_every_project_and_collection(small_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    for name, _, _ in SMALL_PROJECTS:
        assert (out / "projects" / name / "index.html").is_file()
    assert (out / "collections" / "defi" / "index.html").is_file()
    assert (out / "index.html").is_file()
    assert (out / "static" / "site.css").is_file()
    assert result.pages == len(html_files(out)) == 6  # + the status page
    assert (out / "status" / "index.html").is_file()
    assert result.projects == 3
    assert result.collections == 1
    assert result.bytes == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    index = (out / "index.html").read_text()
    assert 'As of <time datetime="2025-09-30">2025-09-30</time>, events from' in index
    assert "2025-03-01" in index


def test_leaderboard_order_and_numbers(small_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    rows = parse(out / "index.html").rows["tbody"]
    # Beta has the most active developers, then Alpha; Gamma has no metrics (unranked, last).
    assert rows == [
        ["1", "Beta & <Co>", "10", "3", "40", "9", "11", "7", "6"],
        ["2", "Alpha Project", "1,500", "20", "100", "5", "30", "12", "10"],
        ["\u2014", "Gamma"] + ["\u2014"] * 7,
    ]
    assert "collections/defi/index.html" in parse(out / "index.html").hrefs
    assert re.search(
        r'DeFi &lt;Builders&gt;</a> <span class="count">3 projects',
        (out / "index.html").read_text(),
    )


def test_collection_page_totals(small_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    page = parse(out / "collections" / "defi" / "index.html")
    assert [r[1] for r in page.rows["tbody"]] == ["Beta & <Co>", "Alpha Project", "Gamma"]
    assert page.rows["tfoot"] == [["", "Total", "1,510", "23", "140", "14", "41", "19", "16"]]


def test_project_page_cards_artifacts_and_collections(small_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    alpha = (out / "projects" / "alpha" / "index.html").read_text()
    for text in (
        "Repositories",
        "Stars",
        "Active developers, 6 mo",
        "PRs merged, 6 mo",
        "Releases, 6 mo",
        "First commit",
        "Last commit",
        "Comments, 6 mo",
    ):
        assert f"<dt>{text}</dt>" in alpha
    assert "<dt>Commits, 6 mo</dt><dd>100</dd>" in alpha
    assert "<dd>2020-01-02</dd>" in alpha
    assert alpha.count('<div class="card">') == len(METRIC_COLUMNS) + 2
    assert 'href="https://github.com/alpha-org/alpha"' in alpha
    assert 'href="https://www.npmjs.com/package/alpha-sdk"' in alpha
    assert "0x" + "ab" * 20 in alpha
    assert 'href="../../collections/defi/index.html"' in alpha
    gamma = (out / "projects" / "gamma" / "index.html").read_text()
    assert "No code metrics for this project" in gamma
    assert "No artifacts registered" in gamma


def test_everything_is_escaped(small_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    for path in html_files(out):
        text = path.read_text()
        scripts = re.findall(r"<script[^>]*>", text)
        assert all(OWN_SCRIPT.fullmatch(tag) for tag in scripts), (path, scripts)
        for raw in ("<Co>", "<Builders>", "<core>"):
            assert raw not in text, path
    beta = (out / "projects" / "beta" / "index.html").read_text()
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quoted&#34; &#39;single&#39;"
        in beta
    )
    assert "<h1>Beta &amp; &lt;Co&gt;</h1>" in beta
    index = (out / "search-index.js").read_text()
    assert index.startswith("window.OSO_SEARCH=") and "</" not in index
    entries = json.loads(index.removeprefix("window.OSO_SEARCH=").rstrip(";\n"))["p"]
    assert ["beta", "Beta & <Co>"] in entries  # data for textContent, never parsed as HTML
    card = (out / "badges" / "beta" / "card.svg").read_text()
    assert "<Co>" not in card and "Beta &amp; &lt;Co&gt;" in card
    assert 'href="https://github.com/beta-org/beta%3Ccore%3E"' in beta


@pytest.mark.parametrize("synthetic", [True, False])
def test_banner_iff_synthetic(small_store: Any, tmp_path: Path, synthetic: bool) -> None:
    out = tmp_path / "site"
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START, synthetic=synthetic)
    for path in html_files(out):
        text = path.read_text()
        assert ('class="banner"' in text) is synthetic, path
        assert text.count(SYNTHETIC_NOTICE) == (2 if synthetic else 0), path


def test_graphiql_link_only_with_api_url(small_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(
        small_store, out, as_of=AS_OF, window_start=WINDOW_START, api_url="http://127.0.0.1:8000/"
    )
    assert (
        'href="http://127.0.0.1:8000/graphql"'
        in (out / "projects" / "alpha" / "index.html").read_text()
    )
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    assert "/graphql" not in (out / "index.html").read_text()
    with pytest.raises(ValueError, match="http"):
        build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START, api_url="javascript:x")


def _check_links(out: Path) -> set[Path]:
    """Every local href/src resolves to an existing file; returns the files linked to."""
    targets: set[Path] = set()
    for path in html_files(out):
        for href in parse(path).hrefs:
            if href.startswith(("https://", "http://")):
                continue
            local, _, fragment = href.partition("#")
            assert not local.startswith("/"), f"{path}: {href!r}"
            assert ":" not in local, f"{path}: {href!r}"
            target = (path.parent / local).resolve() if local else path.resolve()
            assert target.is_file(), f"{path}: {href!r} -> {target} does not exist"
            if fragment:
                assert f'id="{fragment}"' in target.read_text(), f"{path}: no #{fragment}"
            assert target.is_relative_to(out.resolve()), f"{path}: {href!r} leaves the site"
            targets.add(target)
    return targets


def test_links_resolve_and_every_page_is_linked(small_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    targets = _check_links(out)
    assert {p.resolve() for p in html_files(out)} <= targets


def test_unsafe_names_become_safe_path_segments(serving_store: Any, tmp_path: Path) -> None:
    projects = [
        ("../../etc", "Dots", ""),
        ("a b/c?d#e%", "Weird", ""),
        ("Upper", "U", ""),
        ("upper", "u", ""),
    ]
    publish_marts(
        serving_store, projects, {"upper": {"star_count": 1}}, [], {"c/../x": ("X", ["../../etc"])}
    )
    out = tmp_path / "site"
    build_site(serving_store, out, as_of=AS_OF, window_start=WINDOW_START)
    _check_links(out)
    dirs = sorted(p.name for p in (out / "projects").iterdir())
    assert len(dirs) == 4
    assert "upper" in dirs
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*", d) for d in dirs), dirs
    assert next(p.name for p in (out / "collections").iterdir()).startswith("c-x-")
    assert not (tmp_path / "etc").exists()


def test_assign_slugs_unique_and_stable() -> None:
    names = ["ok-name", "OK-name", "a/b", "a?b", "..", "", "x" * 300]
    slugs = assign_slugs(names)
    assert slugs["ok-name"] == "ok-name"
    assert len(set(slugs.values())) == len(set(names))
    assert len({s.lower() for s in slugs.values()}) == len(set(names))
    assert assign_slugs(reversed(names)) == slugs
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*", s) for s in slugs.values()), slugs


def _no_scratch_dirs(parent: Path) -> None:
    assert [p.name for p in parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_rebuild_replaces_previous_site_atomically(
    small_store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(build_module, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    (out / "stale.html").write_text("old")
    first_inode = out.stat().st_ino
    publish_marts(
        small_store,
        [*SMALL_PROJECTS, ("delta", "Delta", "")],
        SMALL_METRICS,
        SMALL_ARTIFACTS,
        SMALL_COLLECTIONS,
    )
    result = build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    assert result.projects == 4
    assert not (out / "stale.html").exists()
    assert (out / "projects" / "delta" / "index.html").is_file()
    assert out.stat().st_ino != first_inode  # a new directory, swapped in whole
    assert oct(out.stat().st_mode & 0o777) != oct(0o700)
    _no_scratch_dirs(tmp_path)


def test_failed_build_keeps_previous_site(
    small_store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken_pages(self: Any) -> Any:
        yield "index.html", "<p>half</p>"
        raise RuntimeError("render failed")

    monkeypatch.setattr(build_module.SitePages, "pages", broken_pages)
    with pytest.raises(RuntimeError, match="render failed"):
        build_site(small_store, out, as_of=AS_OF, window_start=WINDOW_START, synthetic=True)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    _no_scratch_dirs(tmp_path)


def test_missing_mart_is_a_clear_error(serving_store: Any, tmp_path: Path) -> None:
    projects = _mart_tables(SMALL_PROJECTS, {}, [], {})["projects_v1"]
    serving_store.publish(TableSpec("projects_v1", order_by=("project_name",)), projects)
    with pytest.raises(RuntimeError, match="lacks marts"):
        build_site(serving_store, tmp_path / "site", as_of=AS_OF, window_start=WINDOW_START)
    assert not (tmp_path / "site").exists()


def test_scale_7200_projects(serving_store: Any, tmp_path: Path) -> None:
    n = 7200
    names = [f"project-{i:05d}" for i in range(n)]
    projects = [
        (name, f"Project {i}", f"Synthetic project number {i}.") for i, name in enumerate(names)
    ]
    metrics = {
        name: {c: (i * 7919 + j * 104729) % 1000 for j, c in enumerate(METRIC_COLUMNS)}
        for i, name in enumerate(names)
        if i % 10
    }
    artifacts = [
        (name, "GITHUB", f"org-{i}", f"repo-{k}", "REPOSITORY")
        for i, name in enumerate(names)
        for k in range(2)
    ]
    artifacts += [(name, "NPM", "", f"pkg-{i}", "PACKAGE") for i, name in enumerate(names[::3])]
    collections = {f"collection-{c:02d}": (f"Collection {c}", names[c::20]) for c in range(20)}
    publish_marts(serving_store, projects, metrics, artifacts, collections)

    out = tmp_path / "site"
    result = build_site(serving_store, out, as_of=AS_OF, window_start=WINDOW_START, synthetic=True)
    print(f"\nscale: {result.pages} pages, {result.bytes:,} bytes in {result.seconds:.2f} s")
    # its speed is bench/site_build.py's to measure; here only what was built
    assert result.pages == n + 20 + 36 + 1  # projects, collections, leaderboard pages, status
    assert len(os.listdir(out / "projects")) == n
    rows = parse(out / "index.html").rows["tbody"]
    assert [r[0] for r in rows] == [str(i) for i in range(1, 201)]
    active = [int(r[5].replace(",", "")) for r in rows]  # active developers, 6 mo
    assert active == sorted(active, reverse=True)
    last = parse(out / "leaderboard" / "36" / "index.html").rows["tbody"]
    assert last[-1][0] == "\u2014"  # unranked projects (no metrics) come last
    heaviest = site_weights(out)[0]
    assert heaviest.bytes < PAGE_BUDGET_BYTES, heaviest
    assert (out / "search-index.js").stat().st_size < PAGE_BUDGET_BYTES // 2
    assert len(list((out / "badges").glob("*/card.svg"))) == n


def test_metric_cards_follow_contract_order_and_label_new_columns() -> None:
    columns = [
        "project_id",
        "event_source",
        "star_count",
        "first_commit_date",
        "funding_usd_6_months",
    ]
    assert card_columns(columns) == ["first_commit_date", "star_count", "funding_usd_6_months"]
    assert label("funding_usd_6_months") == "Funding usd, 6 mo"
    assert label("opened_issue_count_6_months") == "Issues opened, 6 mo"


def test_long_artifact_lists_are_cut_short_with_a_csv_of_all(
    serving_store: Any, tmp_path: Path
) -> None:
    contracts = [("big", "OPTIMISM", "", f"0x{i:040x}", "CONTRACT") for i in range(250)]
    repos = [("big", "GITHUB", "big-org", f"repo-{i}", "REPOSITORY") for i in range(3)]
    publish_marts(serving_store, [("big", "Big", "")], {}, contracts + repos, {})
    out = tmp_path / "site"
    build_site(serving_store, out, as_of=AS_OF, window_start=WINDOW_START)
    page = (out / "projects" / "big" / "index.html").read_text()
    assert page.count("<li><code>0x") == 100 and page.count("github.com/big-org/") == 3
    assert "and 150 more in" in page and 'href="artifacts.csv"' in page
    rows = (out / "projects" / "big" / "artifacts.csv").read_text().splitlines()
    assert len(rows) == 1 + 253 and rows[0].startswith("artifact_source,")
    assert f"OPTIMISM,,0x{249:040x},CONTRACT" in rows
