"""GitHub repositories from the REST API: the Dagster asset, dlt, a DuckDB warehouse and the dbt
models, against a real loopback server (tests/replay.py) answering in GitHub's documented shape.

No real GitHub API answer is among the shared samples, so the answers here are hand-written
from GitHub's REST documentation (repository objects, ``Link`` pagination, ETag/304, 404s).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from dagster_project.github.assets import build_github_assets
from oso.demo import ORG_REPOS
from oso.demo_upstream import DemoUpstream
from oso.ids import oso_id, project_id
from oso.marts import load_published_marts
from oso.registry import load_registry
from oso.registry.github_urls import Target, github_target
from oso.serving.publish import TableSpec
from oso.serving.store import ClickHouseStore
from oso.settings import BUNDLED_OSS_DIRECTORY, Settings
from oso.sources.gharchive.synthetic import repo_id_for
from oso.sources.github.demo import demo_handler
from oso.sources.ossd import ossd
from oso.warehouse import dlt_pipeline, read_mart
from tests.dbt_helpers import run_dbt
from tests.replay import Recorded, ReplayServer, Reply

TOKEN = "ghp_test_token_never_shown_123"
COLUMNS = (
    "id, owner, name, full_name, url, stars, forks, watchers, is_fork, language, "
    "license_spdx_id, license_name, created_at, updated_at, pushed_at, archived, default_branch"
)


def repo(repo_id: int, full_name: str, **fields: Any) -> dict[str, Any]:
    """A repository object as GitHub documents it (the fields we read, plus a few others)."""
    owner, name = full_name.split("/")
    body = {
        "id": repo_id,
        "node_id": f"R_kgDO{repo_id}",
        "name": name,
        "full_name": full_name,
        "private": False,
        "owner": {"login": owner, "id": repo_id * 10, "type": "Organization"},
        "html_url": f"https://github.com/{full_name}",
        "description": f"{name} description",
        "fork": False,
        "url": f"https://api.github.com/repos/{full_name}",
        "created_at": "2015-03-04T05:06:07Z",
        "updated_at": "2024-05-06T07:08:09Z",
        "pushed_at": "2024-05-06T07:00:00Z",
        "stargazers_count": repo_id * 3,
        "watchers_count": repo_id * 3,
        "forks_count": repo_id,
        "language": "Python",
        "archived": False,
        "default_branch": "main",
        "license": {"key": "mit", "name": "MIT License", "spdx_id": "MIT", "node_id": "L1"},
    }
    return {**body, **fields}


def etagged(body: Any, etag: str, **headers: str) -> Any:
    """A route answering 304 to ``If-None-Match: <etag>``, else 200 with the body and ETag."""

    def reply(request: Recorded) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, body, {"ETag": etag, **headers})

    return reply


def write_registry(root: Path, projects: dict[str, list[str]]) -> Path:
    for name, urls in projects.items():
        path = root / "projects" / name[0] / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"version: 7\nname: {name}\ndisplay_name: {name.title()}", "github:"]
        path.write_text("\n".join(lines + [f"  - url: {url}" for url in urls]) + "\n")
    (root / "collections").mkdir(parents=True, exist_ok=True)
    return root


def make_settings(tmp: Path, url: str, registry: Path) -> Settings:
    return Settings(
        home=tmp / "home",
        oss_directory=registry,
        github_api_url=url,
        github_token=TOKEN,  # type: ignore[arg-type]
        start=dt.date(2024, 6, 1),
        end=dt.date(2024, 6, 30),
        http_max_retry_s=10,
    )


def materialize(settings: Settings) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        build_github_assets(settings), raise_on_error=False, instance=dg.DagsterInstance.ephemeral()
    )


def failure_text(result: dg.ExecuteInProcessResult) -> str:
    failure = next(e for e in result.all_events if e.is_step_failure)
    return str(failure.step_failure_data.error)


def query(settings: Settings, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def repositories(settings: Settings) -> list[tuple[Any, ...]]:
    return query(settings, f"select {COLUMNS} from github.repositories order by id")


def metadata(result: dg.ExecuteInProcessResult) -> dict[str, Any]:
    mats = result.asset_materializations_for_node("github")
    return {k: v.value for k, v in mats[0].metadata.items()}


# ---- a registry with an org over two pages, a user, single repos and a 404, run twice --------

ACME_PAGE_1 = [repo(101, "acme-org/core"), repo(102, "Acme-Org/Docs", language=None)]
ACME_PAGE_2 = [repo(103, "acme-org/site", fork=True, license=None, pushed_at=None)]
SOLO = [repo(201, "solo-dev/widget", stargazers_count=5, watchers_count=5)]
CORE = repo(101, "acme-org/core", subscribers_count=42)
TOOL = repo(301, "Other/Tool", subscribers_count=7, archived=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("github_world")
    registry = write_registry(
        tmp / "registry",
        {
            "acme": ["https://github.com/Acme-Org", "https://github.com/acme-org/core/"],
            "solo": ["https://www.github.com/solo-dev"],
            "tools": ["https://github.com/Other/Tool.git", "https://github.com/other/gone"],
            "fans": ["http://github.com/other/tool?tab=readme"],
        },
    )
    with ReplayServer() as server:
        page_2 = f"{server.url}/organizations/9001/repos?per_page=100&type=all&page=2"
        server.add(
            "GET",
            "/orgs/acme-org/repos",
            etagged(ACME_PAGE_1, '"a1"', Link=f'<{page_2}>; rel="next"'),
        )
        server.add("GET", "/organizations/9001/repos", etagged(ACME_PAGE_2, '"a2"'))
        server.add("GET", "/users/solo-dev/repos", etagged(SOLO, 'W/"s1"'))
        server.add("GET", "/repos/acme-org/core", etagged(CORE, '"c1"'))
        server.add("GET", "/repos/other/tool", etagged(TOOL, '"t1"'))
        server.json("GET", "/repos/other/gone", {"message": "Not Found"}, status=404)
        settings = make_settings(tmp, server.url, registry)
        first = materialize(settings)
        after_first = repositories(settings)
        count = len(server.requests)
        second = materialize(settings)
        yield {
            "settings": settings,
            "results": [first, second],
            "after_first": after_first,
            "first_requests": server.requests[:count],
            "second_requests": server.requests[count:],
        }


def test_owners_expand_over_pages_and_users_fall_back(world: dict[str, Any]) -> None:
    assert all(r.success for r in world["results"])
    rows = {r[0]: r for r in world["after_first"]}
    assert sorted(rows) == [101, 102, 103, 201, 301]
    paths = [(r.path, r.query.get("page")) for r in world["first_requests"]]
    assert ("/organizations/9001/repos", ["2"]) in paths  # followed the Link header
    assert paths.index(("/orgs/solo-dev/repos", None)) < paths.index(
        ("/users/solo-dev/repos", None)
    )
    assert paths.count(("/repos/other/tool", None)) == 1  # three spellings, one request
    first_page = next(r for r in world["first_requests"] if r.path == "/orgs/acme-org/repos")
    assert first_page.query == {"per_page": ["100"], "type": ["all"]}
    core, docs, site, tool = rows[101], rows[102], rows[103], rows[301]
    assert core[1:8] == (
        "acme-org",
        "core",
        "acme-org/core",
        "https://github.com/acme-org/core",
        303,
        101,
        42,
    )
    assert docs[2:4] == ("Docs", "Acme-Org/Docs") and docs[7] == 306 and docs[9] is None
    assert site[8] is True and site[10:12] == (None, None) and site[14] is None
    assert tool[7] == 7 and tool[15] is True and tool[10:12] == ("MIT", "MIT License")
    assert core[12:15] == (
        dt.datetime(2015, 3, 4, 5, 6, 7),
        dt.datetime(2024, 5, 6, 7, 8, 9),
        dt.datetime(2024, 5, 6, 7, 0, 0),
    )


def test_urls_map_to_ids_and_404s_are_recorded(world: dict[str, Any]) -> None:
    settings = world["settings"]
    urls = query(
        settings,
        "select url, owner, repo, repo_id, status from github.repository_urls order by all",
    )
    assert urls == [
        ("https://github.com/acme-org", "acme-org", None, 101, "found"),
        ("https://github.com/acme-org", "acme-org", None, 102, "found"),
        ("https://github.com/acme-org", "acme-org", None, 103, "found"),
        ("https://github.com/acme-org/core", "acme-org", "core", 101, "found"),
        ("https://github.com/other/gone", "other", "gone", None, "not_found"),
        ("https://github.com/other/tool", "other", "tool", 301, "found"),
        ("https://github.com/solo-dev", "solo-dev", None, 201, "found"),
    ]
    meta = metadata(world["results"][0])
    assert meta["unresolved"] == ["https://github.com/other/gone (not_found)"]
    assert (meta["repositories"], meta["urls"], meta["not_modified"]) == (5, 7, 0)


def test_requests_carry_token_and_api_headers(world: dict[str, Any]) -> None:
    for request in world["first_requests"] + world["second_requests"]:
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        assert request.headers["accept"] == "application/vnd.github+json"
        assert request.headers["x-github-api-version"] == "2022-11-28"


def test_second_run_revalidates_with_etags_and_keeps_identical_rows(world: dict[str, Any]) -> None:
    settings = world["settings"]
    sent = {(r.path): r.headers.get("if-none-match") for r in world["second_requests"]}
    assert sent == {
        "/orgs/acme-org/repos": '"a1"',
        "/organizations/9001/repos": '"a2"',
        "/orgs/solo-dev/repos": None,  # 404s are never cached
        "/users/solo-dev/repos": 'W/"s1"',
        "/repos/acme-org/core": '"c1"',
        "/repos/other/tool": '"t1"',
        "/repos/other/gone": None,
    }
    assert not any("if-none-match" in r.headers for r in world["first_requests"])
    assert metadata(world["results"][1])["not_modified"] == 5
    assert repositories(settings) == world["after_first"]  # same rows, no duplicates
    fetched = query(
        settings, "select count(*), count(distinct id), min(fetched_at) from github.repositories"
    )
    assert fetched[0][:2] == (5, 5) and fetched[0][2] is not None
    assert query(settings, "select count(*) from github.repository_urls") == [(7,)]


def test_dbt_repositories_v0_builds_with_expected_rows(
    world: dict[str, Any], tmp_path: Path, serving_store: ClickHouseStore
) -> None:
    settings = world["settings"]
    pipeline = dlt_pipeline(settings, "ossd")
    pipeline.run(ossd(load_registry(settings.oss_directory)))
    run_dbt(
        [
            "build",
            "--select",
            "stg_ossd__projects",
            "stg_ossd__project_artifacts",
            "int_projects",
            "stg_github__repositories",
            "stg_github__repository_urls",
            "int_repositories__github_api",
            "repositories_v0",
            "--indirect-selection",
            "cautious",
        ],
        work_dir=tmp_path,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(settings.warehouse_path)},
        dbt_vars='{as_of: "2024-06-30", github_schema: github}',
    )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        mart = con.execute("select * from marts.repositories_v0").to_arrow_table().to_pylist()
    by_key = {(r["project_id"], int(r["artifact_source_id"])): r for r in mart}
    expected = {
        ("acme", 101),
        ("acme", 102),
        ("acme", 103),  # owner URL + the repo URL: once each
        ("solo", 201),
        ("tools", 301),
        ("fans", 301),  # two projects list other/tool
    }
    assert set(by_key) == {(project_id(p), i) for p, i in expected}
    docs = by_key[(project_id("acme"), 102)]
    assert docs == {
        "artifact_id": oso_id("ARTIFACT", "GITHUB", "REPOSITORY", "102"),
        "artifact_source_id": "102",
        "artifact_source": "GITHUB",
        "artifact_namespace": "acme-org",
        "artifact_name": "docs",
        "artifact_url": "https://github.com/acme-org/docs",
        "project_id": project_id("acme"),
        "branch": "main",
        "created_at": dt.datetime(2015, 3, 4, 5, 6, 7),
        "updated_at": dt.datetime(2024, 5, 6, 7, 8, 9),
        "star_count": 306,
        "fork_count": 102,
        "watcher_count": 306,
        "is_fork": False,
        "language": None,
        "license_name": "MIT License",
        "license_spdx_id": "MIT",
    }
    tool = by_key[(project_id("fans"), 301)]
    assert (tool["artifact_namespace"], tool["artifact_name"], tool["watcher_count"]) == (
        "other",
        "tool",
        7,
    )
    assert by_key[(project_id("acme"), 103)]["is_fork"] is True
    # The mart publishes to ClickHouse as its dbt contract says (the clickhouse/<mart> path).
    spec = load_published_marts()["repositories_v0"]
    table = read_mart(settings, "repositories_v0")
    assert table.column_names == spec.column_names
    serving_store.publish(TableSpec(spec.name, spec.order_by, spec.clickhouse_types()), table)
    _, served = serving_store.query_rows(
        f"select artifact_name, is_fork, star_count from `{serving_store.database}`.repositories_v0"
        " where artifact_source_id = '103'"
    )
    assert served == [("site", True, 309)]


# ---- renames, faults, malformed answers ------------------------------------------------------


def test_rename_updates_the_row_and_keeps_the_id(tmp_path: Path, replay: ReplayServer) -> None:
    registry = write_registry(tmp_path / "registry", {"acme": ["https://github.com/acme/old-name"]})
    settings = make_settings(tmp_path, replay.url, registry)
    replay.add("GET", "/repos/acme/old-name", etagged(repo(5, "acme/old-name"), '"v1"'))
    assert materialize(settings).success
    # GitHub redirects the old name to /repositories/{id}, which answers the renamed repository.
    moved = Reply(
        301, {"message": "Moved Permanently"}, {"Location": f"{replay.url}/repositories/5"}
    )
    replay.add("GET", "/repos/acme/old-name", moved)
    replay.add(
        "GET",
        "/repositories/5",
        etagged(repo(5, "acme-labs/new-name", stargazers_count=99), '"v2"'),
    )
    assert materialize(settings).success
    rows = query(settings, "select id, full_name, name, stars from github.repositories")
    assert rows == [(5, "acme-labs/new-name", "new-name", 99)]
    urls = query(settings, "select url, repo_id from github.repository_urls")
    assert urls == [("https://github.com/acme/old-name", 5)]


def test_rate_limits_and_server_errors_are_retried(tmp_path: Path, replay: ReplayServer) -> None:
    registry = write_registry(
        tmp_path / "registry",
        {
            "a": [
                "https://github.com/x/one",
                "https://github.com/x/two",
                "https://github.com/x/three",
            ]
        },
    )
    settings = make_settings(tmp_path, replay.url, registry)
    reset = f"{dt.datetime.now(dt.UTC).timestamp() + 1:.0f}"
    limited = Reply(
        403,
        {"message": "API rate limit exceeded"},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
    )
    replay.add(
        "GET",
        "/repos/x/one",
        Reply(429, {"message": "slow down"}, {"Retry-After": "1"}),
        Reply(200, repo(1, "x/one")),
    )
    replay.add("GET", "/repos/x/two", Reply(500, "oops"), Reply(200, repo(2, "x/two")))
    replay.add("GET", "/repos/x/three", limited, Reply(200, repo(3, "x/three")))
    assert materialize(settings).success
    assert [len(replay.calls(f"/repos/x/{n}")) for n in ("one", "two", "three")] == [2, 2, 2]
    assert [r[0] for r in repositories(settings)] == [1, 2, 3]


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(200, b'[{"id": 1, "name": '), "/repos/x/two answered malformed JSON"),
        (
            Reply(200, repo(2, "x/two", id="2")),
            "/repos/x/two: field 'id' is missing or not a non-negative integer",
        ),
        (
            Reply(200, repo(2, "x/two", created_at="yesterday")),
            "field 'created_at' is missing or not an ISO 8601 time",
        ),
        (Reply(401, {"message": "Bad credentials"}), "/repos/x/two answered 401"),
        (Reply(403, {"message": "Resource not accessible"}), "/repos/x/two answered 403"),
    ],
)
def test_bad_answers_fail_naming_the_request_and_keep_earlier_rows(
    tmp_path: Path, replay: ReplayServer, reply: Reply, message: str
) -> None:
    registry = write_registry(
        tmp_path / "registry", {"a": ["https://github.com/x/one", "https://github.com/x/two"]}
    )
    settings = make_settings(tmp_path, replay.url, registry)
    replay.add("GET", "/repos/x/one", Reply(200, repo(1, "x/one")))
    replay.add("GET", "/repos/x/two", Reply(200, repo(2, "x/two")))
    assert materialize(settings).success
    before = repositories(settings)
    replay.add("GET", "/repos/x/one", Reply(200, repo(1, "x/one", stargazers_count=1000)))
    replay.add("GET", "/repos/x/two", reply)
    result = materialize(settings)
    assert not result.success
    text = failure_text(result)
    assert message in text and "Nothing of this run was loaded" in text
    assert TOKEN not in text
    assert repositories(settings) == before  # x/one's new star count was not loaded either


# ---- URL parsing and the demo ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://github.com/Acme", Target("acme", None)),
        ("https://www.github.com/acme/", Target("acme", None)),
        ("http://github.com/Acme/Repo.git", Target("acme", "repo")),
        ("https://github.com/acme/repo/tree/main?x=1#y", Target("acme", "repo")),
        ("https://github.com/acme/repo/blob/main/README.md", Target("acme", "repo")),
        ("https://github.com/orgs/Acme/repositories", Target("acme", None)),
        (" https://github.com/acme/repo// ", Target("acme", "repo")),
        ("https://gitlab.com/acme/repo", None),
        ("https://github.com/", None),
    ],
)
def test_github_targets_from_registry_urls(url: str, target: Target | None) -> None:
    assert github_target(url) == target


def test_demo_serves_the_bundled_registry_with_synthetic_gharchive_ids(tmp_path: Path) -> None:
    base = Settings(
        home=tmp_path / "home", oss_directory=BUNDLED_OSS_DIRECTORY, end=dt.date(2024, 6, 30)
    )
    upstream = DemoUpstream({"github": demo_handler(base)}).start()
    try:
        settings = base.model_copy(update={"github_api_url": f"{upstream.url}/github"})
        result = materialize(settings)
        assert result.success
        again = demo_handler(base)("GET", "/repos/duckdb/duckdb", {}, b"")
    finally:
        upstream.stop()
    rows = query(settings, "select id, full_name, description from github.repositories")
    names = {full_name for _, full_name, _ in rows}
    for owner, repos in ORG_REPOS.items():
        assert {f"{owner}/{name}" for name in repos} <= names
    assert {"duckdb/duckdb", "clickhouse/clickhouse", "dlt-hub/dlt"} <= names
    assert all(repo_id == repo_id_for(full_name) for repo_id, full_name, _ in rows)
    assert all("SYNTHETIC" in description for _, _, description in rows)
    assert metadata(result)["synthetic"] is True and metadata(result)["unresolved"] == []
    assert json.loads(again[2])["id"] == repo_id_for("duckdb/duckdb")
    missing = demo_handler(base)("GET", "/repos/nobody/nothing", {}, b"")
    assert missing[0] == 404
    handler = demo_handler(base)
    _, headers, page_1 = handler("GET", "/orgs/wevm/repos", {"per_page": ["1"]}, b"")
    assert headers["Link"] == '</orgs/wevm/repos?per_page=1&page=2>; rel="next"'
    _, headers, page_2 = handler("GET", "/orgs/wevm/repos", {"per_page": ["1"], "page": ["2"]}, b"")
    assert "Link" not in headers
    assert [r["name"] for r in json.loads(page_1) + json.loads(page_2)] == ["viem", "wagmi"]
