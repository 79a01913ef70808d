"""End-to-end dbt build on DuckDB over a small hand-written warehouse; mart values worked out by hand.

as_of = 2024-06-30, so "all" = events before 2024-07-01 00:00 UTC and the 6-month window starts
2023-12-31 00:00 UTC (as_of - 6 months + 1 day).

Registry: project alpha lists the owner URL https://github.com/Alpha-Org (-> repos 101
alpha-org/core and 102 Alpha-Org/Docs), npm @alpha/sdk and an optimism address tagged
contract + deployer; beta lists beta-dev/widget (repo 201, seen first as beta-dev/old-widget)
and beta-dev/ghost (never seen: provisional key); gamma lists only @alpha/sdk (an artifact in two
projects: kept twice, warned). Collection featured = alpha, beta and an unknown project zeta.
Users: 1 alice, 2 bob, 3 carol, 4 dave, 5 erin.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from oso.ids import metric_id, oso_id, project_id
from tests.dbt_helpers import CORE_RAW_DDL, run_dbt

AS_OF = "2024-06-30"
OPTIMISM_ADDRESS = "0xAbC0000000000000000000000000000000000001"

USERS = {1: "alice", 2: "bob", 3: "carol", 4: "dave", 5: "erin"}
REPOS = {101: "alpha-org/core", 102: "Alpha-Org/Docs", 201: "beta-dev/widget", 999: "other/thing"}

RAW_DDL = (
    CORE_RAW_DDL
    + """
create schema npm;
create schema evm;
create table evm.blocks (network varchar, number bigint, hash varchar, parent_hash varchar,
    timestamp timestamp, tx_count bigint, partition varchar);
create table evm.transactions (network varchar, hash varchar, block_number bigint,
    block_timestamp timestamp, tx_index bigint, from_address varchar, to_address varchar,
    value_wei varchar, gas bigint, gas_price bigint, input_selector varchar,
    is_contract_call boolean, receipt_status bigint, gas_used bigint,
    effective_gas_price bigint, contract_address varchar, partition varchar);
create table evm.contracts (network varchar, address varchar, deployer varchar, factory varchar,
    tx_hash varchar, block_number bigint, deployed_at timestamp, partition varchar);
create schema git;
create table git.commits (
    repository varchar, sha varchar, parent_count bigint, author_name varchar,
    author_email varchar, author_time timestamp, committer_name varchar,
    committer_email varchar, committer_time timestamp, is_merge boolean,
    default_branch varchar, fetched_at timestamp
);
create schema funding;
create schema github;
create table github.repositories (id bigint, node_id varchar, owner varchar, name varchar,
    full_name varchar, url varchar, description varchar, default_branch varchar, stars bigint,
    forks bigint, watchers bigint, is_fork boolean, language varchar, license_spdx_id varchar,
    license_name varchar, created_at timestamp, updated_at timestamp, pushed_at timestamp,
    archived boolean, fetched_at timestamp);
create table github.repository_urls (url varchar, owner varchar, repo varchar, repo_id bigint,
    status varchar);
create schema opencollective;
create table opencollective.transactions (id varchar not null, collective varchar, kind varchar,
    type varchar, amount double, net_amount double, currency varchar, amount_usd double,
    created_at timestamp, description varchar, opposite_slug varchar, opposite_name varchar,
    host_slug varchar, is_refund boolean, is_refunded boolean, source varchar, week timestamp);
create table funding.grants (id varchar, to_project_name varchar, to_project_display_name varchar,
    amount double, funding_date date, from_funder_name varchar, grant_pool_name varchar,
    metadata varchar, source_file varchar);
create table funding.funders (name varchar, type varchar, display_name varchar,
    description varchar, grant_pools varchar, source_file varchar);
create table npm.downloads (package varchar, day date, downloads bigint, week date, fetched_at timestamp);
"""
)


def _pr(user_id: int, *, merged: bool = False, merged_at: str | None = None) -> dict:
    return {
        "number": 7,
        "user": {"id": user_id, "login": USERS[user_id]},
        "merged": merged,
        "merged_at": merged_at,
    }


# (id, type, created_at, actor_id, repo_id, payload, repo_name override)
# fmt: off
EVENTS: list[tuple[str, str, str, int, int, dict, str | None]] = [
    # repo 101 alpha-org/core
    ("e1", "WatchEvent", "2024-03-01 10:00:00", 4, 101, {"action": "started"}, None),
    ("e2", "WatchEvent", "2024-06-30 23:59:59", 5, 101, {"action": "started"}, None),
    ("e3", "WatchEvent", "2024-07-01 00:00:00", 3, 101, {"action": "started"}, None),  # after as_of
    ("e4", "WatchEvent", "2023-05-01 08:00:00", 3, 101, {"action": "started"}, None),  # > 6 months
    ("e5", "ForkEvent", "2024-02-10 12:00:00", 2, 101, {"forkee": {"id": 5555}}, None),
    ("e6", "IssuesEvent", "2024-02-01 09:00:00", 3, 101, {"action": "opened"}, None),
    ("e7", "IssuesEvent", "2024-02-05 09:00:00", 1, 101, {"action": "closed"}, None),
    ("e8", "IssuesEvent", "2024-02-05 09:01:00", 1, 101, {"action": "labeled"}, None),  # ignored
    ("e16", "IssuesEvent", "2024-02-06 09:00:00", 3, 101, {"action": "reopened"}, None),
    ("e9", "IssueCommentEvent", "2024-02-02 09:00:00", 1, 101, {"action": "created"}, None),
    ("e10", "PullRequestEvent", "2024-03-01 11:00:00", 2, 101, {"action": "opened", "pull_request": _pr(2)}, None),
    # merged by alice, authored by bob
    ("e11", "PullRequestEvent", "2024-03-05 10:00:00", 1, 101,
     {"action": "closed", "pull_request": _pr(2, merged=True, merged_at="2024-03-05T09:59:58Z")}, None),
    ("e12", "PullRequestEvent", "2024-03-06 10:00:00", 1, 101, {"action": "closed", "pull_request": _pr(4)}, None),
    ("e13", "PullRequestReviewCommentEvent", "2024-03-02 10:00:00", 1, 101, {"action": "created"}, None),
    # window boundary: first instant inside, last instant before
    ("e17", "PullRequestReviewCommentEvent", "2023-12-31 00:00:00", 1, 101, {"action": "created"}, None),
    ("e18", "IssueCommentEvent", "2023-12-30 23:59:59", 1, 101, {"action": "created"}, None),
    ("e14", "ReleaseEvent", "2024-04-01 10:00:00", 1, 101, {"action": "published", "release": {"id": 1}}, None),
    ("e15", "PullRequestEvent", "2023-03-01 10:00:00", 5, 101, {"action": "opened", "pull_request": _pr(5)}, None),
    ("e20", "PushEvent", "2024-01-15 10:00:00", 1, 101, {"push_id": 9001, "ref": "refs/heads/main"}, None),
    # repo 102 Alpha-Org/Docs
    ("e30", "WatchEvent", "2024-05-05 10:00:00", 1, 102, {"action": "started"}, None),
    # repo 201: seen as beta-dev/old-widget, renamed to beta-dev/widget
    ("e40", "WatchEvent", "2023-01-01 10:00:00", 2, 201, {"action": "started"}, "beta-dev/old-widget"),
    ("e41", "IssuesEvent", "2024-01-10 10:00:00", 2, 201, {"action": "opened"}, None),
    # repo 999: not in any project
    ("e50", "WatchEvent", "2024-03-01 10:00:00", 1, 999, {"action": "started"}, None),
]
# fmt: on

# (event_id, push_id, repo_id, actor_id, ref, sha, created_at)
PUSH_COMMITS: list[tuple[str, int, int, int, str, str, str]] = [
    ("e20", 9001, 101, 1, "refs/heads/main", "aaa", "2024-01-15 10:00:00"),
    ("p21", 9002, 101, 2, "refs/heads/main", "aaa", "2024-02-01 10:00:00"),  # same sha again
    ("p21", 9002, 101, 2, "refs/heads/main", "bbb", "2024-02-01 10:00:00"),
    ("p22", 9003, 101, 1, "refs/heads/feature", "ccc", "2024-02-02 10:00:00"),  # not default branch
    ("p23", 9004, 101, 1, "refs/heads/master", "ddd", "2023-06-01 10:00:00"),  # > 6 months
    ("p24", 9005, 101, 4, "refs/heads/main", "eee", "2024-07-02 10:00:00"),  # after as_of
    ("p25", 9006, 101, 5, "refs/heads/main", "fff", "2023-12-30 23:00:00"),  # just outside window
    ("p26", 9007, 102, 3, "refs/heads/main", "aaa", "2024-05-01 10:00:00"),  # same sha, other repo
    ("p27", 9008, 201, 2, "refs/heads/main", "zzz", "2024-05-01 12:00:00"),
]

PROJECTS = [
    ("alpha", "Alpha", "The alpha project", 7, "projects/a/alpha.yaml"),
    ("beta", "Beta", None, 7, "projects/b/beta.yaml"),
    ("gamma", "Gamma", "No GitHub", 7, "projects/g/gamma.yaml"),
]

PROJECT_ARTIFACTS = [
    ("alpha", "github", "https://github.com/Alpha-Org", None, None, None, None),
    ("alpha", "npm", "https://www.npmjs.com/package/@alpha/sdk", None, None, None, None),
    ("alpha", "websites", "https://alpha.example.org", None, None, None, None),
    ("alpha", "blockchain", None, OPTIMISM_ADDRESS, "optimism", "contract", "main"),
    ("alpha", "blockchain", None, OPTIMISM_ADDRESS, "optimism", "deployer", "main"),
    ("beta", "github", "https://github.com/beta-dev/widget.git/", None, None, None, None),
    ("beta", "github", "https://github.com/Beta-Dev/Ghost", None, None, None, None),
    ("gamma", "npm", "https://npmjs.com/package/@alpha/sdk/", None, None, None, None),
]


def _ts(value: str) -> str:
    return value + "+00"


def _hour(value: str) -> str:
    return value[:13] + ":00:00+00"


def _create_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(RAW_DDL)
        rows = []
        for event_id, type_, created_at, actor_id, repo_id, payload, repo_name in EVENTS:
            name = repo_name or REPOS[repo_id]
            rows.append(
                (
                    event_id,
                    type_,
                    _ts(created_at),
                    actor_id,
                    USERS[actor_id],
                    repo_id,
                    name,
                    name.split("/")[0],
                    json.dumps(payload),
                    _hour(created_at),
                )
            )
        # The same GH Archive event (e9) delivered twice, from a later hourly file.
        duplicate = next(row for row in rows if row[0] == "e9")
        rows.append((*duplicate[:9], "2024-02-02 10:00:00+00"))
        con.executemany("insert into gharchive.events values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.executemany(
            "insert into gharchive.push_commits values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    event_id,
                    push_id,
                    repo_id,
                    REPOS[repo_id],
                    actor_id,
                    USERS[actor_id],
                    ref,
                    sha,
                    USERS[actor_id].title(),
                    f"{USERS[actor_id]}@example.org",
                    True,
                    _ts(created_at),
                    _hour(created_at),
                )
                for event_id, push_id, repo_id, actor_id, ref, sha, created_at in PUSH_COMMITS
            ],
        )
        con.executemany("insert into ossd.projects values (?, ?, ?, ?, ?)", PROJECTS)
        con.executemany(
            "insert into ossd.project_artifacts values (?, ?, ?, ?, ?, ?, ?)", PROJECT_ARTIFACTS
        )
        con.execute(
            "insert into ossd.collections values "
            "('featured', 'Featured', 'Featured projects', 7, 'collections/featured.yaml')"
        )
        con.executemany(
            "insert into ossd.collection_projects values (?, ?)",
            [("featured", "alpha"), ("featured", "beta"), ("featured", "zeta")],
        )
    finally:
        con.close()


def _repo_id(key: str) -> str:
    return oso_id("ARTIFACT", "GITHUB", "REPOSITORY", key)


def _user_id(actor_id: int) -> str:
    return oso_id("ARTIFACT", "GITHUB", "GIT_USER", str(actor_id))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    work_dir = tmp_path_factory.mktemp("dbt_duckdb")
    db_path = work_dir / "warehouse.duckdb"
    _create_warehouse(db_path)
    result = run_dbt(
        ["build"],
        work_dir=work_dir,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(db_path)},
        dbt_vars=f"{{as_of: '{AS_OF}'}}",
        timeout=240,
    )
    run_results = json.loads((work_dir / "target" / "run_results.json").read_text())
    statuses = {r["unique_id"]: r["status"] for r in run_results["results"]}
    warned = sorted(uid for uid, status in statuses.items() if status == "warn")
    # The registry lists @alpha/sdk under two projects and the collection names an unknown
    # project: both are warnings, never errors.
    assert any("assert_artifact_in_one_project" in uid for uid in warned), result.stdout
    assert all(
        "assert_artifact_in_one_project" in uid
        or "relationships_stg_ossd__collection_projects" in uid
        for uid in warned
    ), warned
    con = duckdb.connect(str(db_path), read_only=True)
    yield con
    con.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_projects_and_collections(warehouse: duckdb.DuckDBPyConnection) -> None:
    projects = _rows(warehouse, "select * from marts.projects_v1 order by project_name")
    assert [p["project_name"] for p in projects] == ["alpha", "beta", "gamma"]
    assert all(p["project_id"] == project_id(p["project_name"]) for p in projects)
    assert {(p["project_source"], p["project_namespace"]) for p in projects} == {
        ("OSS_DIRECTORY", "oso")
    }
    collections = _rows(warehouse, "select * from marts.collections_v1")
    assert collections == [
        {
            "collection_id": oso_id("COLLECTION", "OSS_DIRECTORY", "oso", "featured"),
            "collection_source": "OSS_DIRECTORY",
            "collection_namespace": "oso",
            "collection_name": "featured",
            "display_name": "Featured",
            "description": "Featured projects",
        }
    ]
    members = _rows(
        warehouse,
        "select project_name, collection_id from marts.projects_by_collection_v1 order by 1",
    )
    assert [m["project_name"] for m in members] == ["alpha", "beta"]  # unknown zeta dropped


def test_artifacts_by_project(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(
        warehouse,
        "select project_name, artifact_id, artifact_source_id, artifact_source, artifact_namespace,"
        " artifact_name, artifact_type from marts.artifacts_by_project_v1",
    )
    got = {
        (
            r["project_name"],
            r["artifact_source"],
            r["artifact_type"],
            r["artifact_namespace"],
            r["artifact_name"],
        ): (
            r["artifact_id"],
            r["artifact_source_id"],
        )
        for r in rows
    }
    assert len(got) == len(rows)
    address = OPTIMISM_ADDRESS.lower()
    address_id = oso_id("ARTIFACT", "OPTIMISM", "ADDRESS", address)
    npm_id = oso_id("ARTIFACT", "NPM", "PACKAGE", "@alpha/sdk")
    assert got == {
        ("alpha", "GITHUB", "REPOSITORY", "alpha-org", "core"): (_repo_id("101"), "101"),
        ("alpha", "GITHUB", "REPOSITORY", "alpha-org", "docs"): (_repo_id("102"), "102"),
        ("alpha", "NPM", "PACKAGE", "alpha", "@alpha/sdk"): (npm_id, "@alpha/sdk"),
        ("alpha", "OPTIMISM", "CONTRACT", "", address): (address_id, address),
        ("alpha", "OPTIMISM", "DEPLOYER", "", address): (address_id, address),
        ("beta", "GITHUB", "REPOSITORY", "beta-dev", "widget"): (_repo_id("201"), "201"),
        ("beta", "GITHUB", "REPOSITORY", "beta-dev", "ghost"): (
            _repo_id("beta-dev/ghost"),
            "beta-dev/ghost",
        ),
        ("gamma", "NPM", "PACKAGE", "alpha", "@alpha/sdk"): (npm_id, "@alpha/sdk"),
        # every project can receive oss-funding grants through its funding artifact
        **{
            (p, "OSS_FUNDING", "PROJECT", p, p): (
                oso_id("ARTIFACT", "OSS_FUNDING", "PROJECT", p),
                p,
            )
            for p in ("alpha", "beta", "gamma")
        },
    }


def test_artifacts(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(warehouse, "select * from marts.artifacts_v1")
    by_id = {r["artifact_id"]: r for r in rows}
    assert len(by_id) == len(rows)
    assert by_id[_repo_id("102")]["artifact_url"] == "https://github.com/alpha-org/docs"
    assert by_id[_repo_id("999")]["artifact_name"] == "thing"  # observed, in no project
    assert by_id[_repo_id("beta-dev/ghost")]["artifact_source_id"] == "beta-dev/ghost"
    assert by_id[_user_id(2)] == {
        "artifact_id": _user_id(2),
        "artifact_source_id": "2",
        "artifact_source": "GITHUB",
        "artifact_namespace": "bob",
        "artifact_name": "bob",
        "artifact_url": "https://github.com/bob",
    }
    npm = by_id[oso_id("ARTIFACT", "NPM", "PACKAGE", "@alpha/sdk")]
    assert npm["artifact_url"] == "https://www.npmjs.com/package/@alpha/sdk"
    # 4 repositories (101, 102, 201, 999) + ghost + npm + address + 5 users + 3 funding artifacts
    assert len(rows) == 15
    assert sum(r["artifact_source"] == "OSS_FUNDING" for r in rows) == 3


def test_int_events(warehouse: duckdb.DuckDBPyConnection) -> None:
    counts = dict(
        warehouse.execute(
            "select event_type, count(*) from intermediate.int_events group by 1"
        ).fetchall()
    )
    assert counts == {
        "STARRED": 6,  # e1, e2, e4, e30, e40, e50 (e3 is after as_of)
        "FORKED": 1,
        "ISSUE_OPENED": 2,
        "ISSUE_CLOSED": 1,
        "ISSUE_REOPENED": 1,
        "ISSUE_COMMENT": 2,  # e9 (delivered twice, kept once), e18
        "PULL_REQUEST_OPENED": 2,
        "PULL_REQUEST_CLOSED": 2,
        "PULL_REQUEST_MERGED": 1,
        "PULL_REQUEST_REVIEW_COMMENT": 2,
        "RELEASE_PUBLISHED": 1,
        "COMMIT_CODE": 6,  # aaa, bbb, ddd, fff @101; aaa @102; zzz @201
    }
    merged = _rows(
        warehouse, "select * from intermediate.int_events where event_type = 'PULL_REQUEST_MERGED'"
    )
    assert len(merged) == 1
    assert str(merged[0]["time"]) == "2024-03-05 09:59:58"
    assert merged[0]["from_artifact_id"] == _user_id(2)  # the PR author, not the merger
    assert merged[0]["from_artifact_name"] == "bob"
    assert merged[0]["to_artifact_id"] == _repo_id("101")
    assert merged[0]["event_source"] == "GITHUB"
    assert merged[0]["amount"] == 1.0
    first_push = _rows(
        warehouse,
        "select from_artifact_source_id, time from intermediate.int_events"
        " where event_type = 'COMMIT_CODE' and event_source_id = 'aaa' and to_artifact_source_id = '101'",
    )
    assert [(r["from_artifact_source_id"], str(r["time"])) for r in first_push] == [
        ("1", "2024-01-15 10:00:00")
    ]
    assert warehouse.execute("select max(time) from intermediate.int_events").fetchone()[
        0
    ].isoformat() == ("2024-06-30T23:59:59")
    event_types = [
        r[0]
        for r in warehouse.execute(
            "select event_type from marts.event_types_v1 order by 1"
        ).fetchall()
    ]
    assert event_types == sorted(counts)


def test_code_metrics(warehouse: duckdb.DuckDBPyConnection) -> None:
    metrics = {
        r["project_name"]: r
        for r in _rows(warehouse, "select * from marts.code_metrics_by_project_v1")
    }
    assert set(metrics) == {"alpha", "beta", "gamma"}
    alpha = metrics["alpha"]
    assert alpha["project_id"] == project_id("alpha")
    assert alpha["event_source"] == "GITHUB"
    assert alpha["display_name"] == "Alpha"
    expected_alpha = {
        "repository_count": 2,
        "first_commit_date": "2023-06-01",
        "last_commit_date": "2024-05-01",
        "star_count": 4,  # e1, e2 (23:59:59 on as_of), e4 (old), e30; not e3
        "fork_count": 1,
        "developer_count": 4,  # alice, bob, erin, carol
        "contributor_count": 4,  # same four (bob/erin also opened PRs, carol an issue)
        "contributor_count_6_months": 3,  # alice, bob, carol (erin's last is 2023-12-30 23:00)
        "new_contributor_count_6_months": 2,  # bob, carol (alice committed 2023-06-01)
        "active_developer_count_6_months": 3,  # alice, bob, carol
        "commit_count_6_months": 3,  # aaa (once) + bbb @101, aaa @102
        "opened_pull_request_count_6_months": 1,
        "merged_pull_request_count_6_months": 1,
        "opened_issue_count_6_months": 1,
        "closed_issue_count_6_months": 1,
        "comment_count_6_months": 3,  # e9 (deduplicated), e13, e17 (window start); not e18
        "release_count_6_months": 1,
    }
    assert {
        k: str(alpha[k]) if k.endswith("_date") else alpha[k] for k in expected_alpha
    } == expected_alpha
    beta = metrics["beta"]
    assert beta["repository_count"] == 2  # widget + provisional ghost
    assert beta["star_count"] == 1  # e40 under the old name
    assert beta["commit_count_6_months"] == 1
    assert beta["contributor_count"] == 1
    assert beta["new_contributor_count_6_months"] == 1
    assert beta["opened_issue_count_6_months"] == 1
    gamma = metrics["gamma"]
    counts = {
        k: v
        for k, v in gamma.items()
        if k.endswith(("_count", "_months")) and not k.startswith("time_to")
    }
    assert set(counts.values()) == {0}
    # Averages over no threads are unknown, not zero.
    assert gamma["time_to_first_response_days_average_6_months"] is None
    assert gamma["time_to_merge_days_average_6_months"] is None
    assert gamma["first_commit_date"] is None
    assert gamma["last_commit_date"] is None


def test_mart_column_types(warehouse: duckdb.DuckDBPyConnection) -> None:
    types = dict(
        warehouse.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = 'marts' and table_name = 'code_metrics_by_project_v1'"
        ).fetchall()
    )
    assert types["star_count"] == "BIGINT"
    assert types["first_commit_date"] == "DATE"
    assert types["project_id"] == "VARCHAR"


def test_as_of_is_required(tmp_path: Path) -> None:
    db_path = tmp_path / "empty.duckdb"
    result = run_dbt(
        ["compile", "--select", "int_events"],
        work_dir=tmp_path,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(db_path)},
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "dbt var 'as_of' is required" in result.stdout + result.stderr


def test_metric_layer(warehouse: duckdb.DuckDBPyConnection) -> None:
    catalogue = _rows(
        warehouse, "select metric_id, metric_name, rendered_sql from marts.metrics_v0"
    )
    assert catalogue, "metrics_v0 is empty"
    assert all(r["metric_id"] == metric_id(r["metric_name"]) for r in catalogue)
    names = {r["metric_name"] for r in catalogue}
    assert {
        "GITHUB_commits_monthly",
        "GITHUB_stars_over_all_time",
        "GITHUB_issue_age_yearly",
    } <= names
    assert not any(n.startswith("NPM_") for n in names)  # no npm events in this warehouse
    # Every published value belongs to a catalogued metric.
    orphans = _rows(
        warehouse,
        "select distinct metric_id from marts.timeseries_metrics_by_project_v0"
        " where metric_id not in (select metric_id from marts.metrics_v0)",
    )
    assert orphans == []
    alpha = project_id("alpha")
    monthly = {
        str(r["sample_date"]): r["amount"]
        for r in _rows(
            warehouse,
            "select sample_date, amount from marts.timeseries_metrics_by_project_v0"
            f" where project_id = '{alpha}' and metric_id = '{metric_id('GITHUB_stars_monthly')}'",
        )
    }
    # The four stars of test_code_metrics, by month (e4 old, e30, e1 and e2 in June).
    assert sum(monthly.values()) == 4
    assert all(day.endswith("-01") for day in monthly)
    # The snapshot mart is the key metrics: same numbers.
    key = {
        r["metric_id"]: r["amount"]
        for r in _rows(
            warehouse,
            f"select metric_id, amount from marts.key_metrics_by_project_v0 where project_id = '{alpha}'",
        )
    }
    assert key[metric_id("GITHUB_stars_over_all_time")] == 4
    assert key[metric_id("GITHUB_commits_over_6_months")] == 3
    assert key[metric_id("GITHUB_contributors_over_6_months")] == 3
    # A metric's rendered SQL reproduces its values when run against the warehouse.
    stars_sql = next(
        r["rendered_sql"] for r in catalogue if r["metric_name"] == "GITHUB_stars_monthly"
    )
    rerun = warehouse.execute(
        f"select sample_date, amount from ({stars_sql}) as m where entity_id = ?"
        " and metric_grain = 'monthly' and entity_type = 'PROJECT'",
        [alpha],
    ).fetchall()
    assert {str(d): a for d, a in rerun} == monthly
