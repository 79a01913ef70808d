"""int_github_threads and the event marts on DuckDB over hand-written GH Archive rows.

as_of = 2024-06-30: events before 2024-07-01 00:00 UTC count. Every expected value below is
worked out by hand from EVENTS.

Users: 1 alice, 2 bob, 3 carol, 4 dave. Repositories: 101 alpha-org/core, 102 alpha-org/docs,
201 beta-dev/widget. Registry: alpha lists the owner https://github.com/alpha-org (-> 101, 102)
and npm @alpha/sdk; beta lists beta-dev/widget (201) and alpha-org/docs (102, shared with
alpha: kept under both, warned); gamma lists npm gamma-lib only. Collections: featured = alpha
+ beta, solo = gamma. Every project also has its OSS_FUNDING artifact.

Threads:
  101 #1 issue by carol: carol comments (own), alice comments (delivered twice), alice closes.
  101 #2 issue by bob: only bob comments; alice's comment comes after as_of -> no response.
  101 #3 PR by bob: bob comments on it (own), alice merges (merged_at 2 s before the event).
  101 #4 issue by dave: dave closes and reopens it himself, alice closes, dave reopens.
  101 #5 PR by alice: dave comments on it, carol review-comments, alice closes unmerged.
  102 #6 issue by bob opened 2023-01-01 (before the data): only carol's comment is seen.
  201 #1 issue opened by bob with no created_at / user in the payload (fallbacks).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from oso.ids import collection_id, oso_id, project_id
from tests.dbt_helpers import run_dbt
from tests.test_dbt_duckdb import RAW_DDL

AS_OF = "2024-06-30"

USERS = {1: "alice", 2: "bob", 3: "carol", 4: "dave"}
REPOS = {101: "alpha-org/core", 102: "alpha-org/docs", 201: "beta-dev/widget"}


def _user(user_id: int) -> dict:
    return {"id": user_id, "login": USERS[user_id]}


def _issue(number: int, author: int, created_at: str, *, pr: bool = False) -> dict:
    issue: dict = {"number": number, "user": _user(author), "created_at": created_at}
    if pr:
        issue["pull_request"] = {"url": f"https://api.github.com/repos/x/y/pulls/{number}"}
    return issue


def _pr(number: int, author: int, created_at: str, *, merged_at: str | None = None) -> dict:
    return {
        "number": number,
        "user": _user(author),
        "created_at": created_at,
        "merged": merged_at is not None,
        "merged_at": merged_at,
    }


ISSUE_1 = _issue(1, 3, "2024-06-01T09:00:00Z")
ISSUE_2 = _issue(2, 2, "2024-06-05T08:00:00Z")
PR_3 = _pr(3, 2, "2024-06-04T10:00:00Z")
PR_3_COMMENTED = _issue(3, 2, "2024-06-04T10:00:00Z", pr=True)
ISSUE_4 = _issue(4, 4, "2024-06-10T10:00:00Z")
PR_5 = _pr(5, 1, "2024-06-20T08:00:00Z")
PR_5_COMMENTED = _issue(5, 1, "2024-06-20T08:00:00Z", pr=True)
ISSUE_6 = _issue(6, 2, "2023-01-01T00:00:00Z")

# (id, type, created_at, actor_id, repo_id, payload)
# fmt: off
EVENTS: list[tuple[str, str, str, int, int, dict]] = [
    ("t1", "IssuesEvent", "2024-06-01 09:00:00", 3, 101, {"action": "opened", "issue": ISSUE_1}),
    ("t2", "IssueCommentEvent", "2024-06-01 10:00:00", 3, 101, {"action": "created", "issue": ISSUE_1}),
    ("t3", "IssueCommentEvent", "2024-06-02 11:00:00", 1, 101, {"action": "created", "issue": ISSUE_1}),
    ("t4", "IssuesEvent", "2024-06-03 12:00:00", 1, 101, {"action": "closed", "issue": ISSUE_1}),
    ("t5", "IssuesEvent", "2024-06-05 08:00:00", 2, 101, {"action": "opened", "issue": ISSUE_2}),
    ("t6", "IssueCommentEvent", "2024-06-05 09:00:00", 2, 101, {"action": "created", "issue": ISSUE_2}),
    ("t7", "IssueCommentEvent", "2024-07-01 00:00:00", 1, 101, {"action": "created", "issue": ISSUE_2}),
    ("t8", "PullRequestEvent", "2024-06-04 10:00:00", 2, 101, {"action": "opened", "pull_request": PR_3}),
    ("t9", "IssueCommentEvent", "2024-06-04 11:00:00", 2, 101, {"action": "created", "issue": PR_3_COMMENTED}),
    ("t10", "PullRequestEvent", "2024-06-06 15:00:00", 1, 101,
     {"action": "closed", "pull_request": _pr(3, 2, "2024-06-04T10:00:00Z", merged_at="2024-06-06T14:59:58Z")}),
    ("t11", "IssuesEvent", "2024-06-10 10:00:00", 4, 101, {"action": "opened", "issue": ISSUE_4}),
    ("t12", "IssuesEvent", "2024-06-10 12:00:00", 4, 101, {"action": "closed", "issue": ISSUE_4}),
    ("t13", "IssuesEvent", "2024-06-10 13:00:00", 4, 101, {"action": "reopened", "issue": ISSUE_4}),
    ("t14", "IssuesEvent", "2024-06-11 10:00:00", 1, 101, {"action": "closed", "issue": ISSUE_4}),
    ("t15", "IssuesEvent", "2024-06-12 10:00:00", 4, 101, {"action": "reopened", "issue": ISSUE_4}),
    ("t16", "PullRequestEvent", "2024-06-20 08:00:00", 1, 101, {"action": "opened", "pull_request": PR_5}),
    ("t17", "IssueCommentEvent", "2024-06-20 18:00:00", 4, 101, {"action": "created", "issue": PR_5_COMMENTED}),
    ("t18", "PullRequestReviewCommentEvent", "2024-06-21 09:30:00", 3, 101,
     {"action": "created", "pull_request": PR_5}),
    ("t19", "PullRequestEvent", "2024-06-22 12:00:00", 1, 101, {"action": "closed", "pull_request": PR_5}),
    ("s1", "WatchEvent", "2024-06-01 08:00:00", 2, 101, {"action": "started"}),
    ("s2", "WatchEvent", "2024-06-01 20:00:00", 4, 101, {"action": "started"}),
    ("s3", "WatchEvent", "2024-06-03 07:00:00", 3, 101, {"action": "started"}),
    ("t20", "IssueCommentEvent", "2024-06-15 12:00:00", 3, 102, {"action": "created", "issue": ISSUE_6}),
    ("s4", "WatchEvent", "2024-06-30 23:59:59", 1, 102, {"action": "started"}),
    ("t21", "IssuesEvent", "2024-06-29 23:00:00", 2, 201, {"action": "opened", "issue": {"number": 1}}),
    ("s5", "WatchEvent", "2024-07-01 00:00:00", 3, 201, {"action": "started"}),  # after as_of
]
# fmt: on

PROJECTS = [
    ("alpha", "Alpha", None, 7, "projects/a/alpha.yaml"),
    ("beta", "Beta", None, 7, "projects/b/beta.yaml"),
    ("gamma", "Gamma", None, 7, "projects/g/gamma.yaml"),
]

PROJECT_ARTIFACTS = [
    ("alpha", "github", "https://github.com/alpha-org", None, None, None, None),
    ("alpha", "npm", "https://www.npmjs.com/package/@alpha/sdk", None, None, None, None),
    ("beta", "github", "https://github.com/beta-dev/widget", None, None, None, None),
    ("beta", "github", "https://github.com/alpha-org/docs", None, None, None, None),
    ("gamma", "npm", "https://www.npmjs.com/package/gamma-lib", None, None, None, None),
]

COLLECTIONS = [
    ("featured", "Featured", None, 7, "collections/featured.yaml"),
    ("solo", "Solo", None, 7, "collections/solo.yaml"),
]
COLLECTION_PROJECTS = [("featured", "alpha"), ("featured", "beta"), ("solo", "gamma")]


def _hour(value: str) -> str:
    return value[:13] + ":00:00+00"


def _create_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(RAW_DDL)
        rows = [
            (
                event_id,
                type_,
                created_at + "+00",
                actor_id,
                USERS[actor_id],
                repo_id,
                REPOS[repo_id],
                REPOS[repo_id].split("/")[0],
                json.dumps(payload),
                _hour(created_at),
            )
            for event_id, type_, created_at, actor_id, repo_id, payload in EVENTS
        ]
        # alice's answer on issue #1 (t3) is delivered again in a later hourly file.
        duplicate = next(row for row in rows if row[0] == "t3")
        rows.append((*duplicate[:9], "2024-06-02 12:00:00+00"))
        con.executemany("insert into gharchive.events values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.executemany("insert into ossd.projects values (?, ?, ?, ?, ?)", PROJECTS)
        con.executemany(
            "insert into ossd.project_artifacts values (?, ?, ?, ?, ?, ?, ?)", PROJECT_ARTIFACTS
        )
        con.executemany("insert into ossd.collections values (?, ?, ?, ?, ?)", COLLECTIONS)
        con.executemany("insert into ossd.collection_projects values (?, ?)", COLLECTION_PROJECTS)
    finally:
        con.close()


def _repo_id(key: int) -> str:
    return oso_id("ARTIFACT", "GITHUB", "REPOSITORY", str(key))


def _user_id(user_id: int) -> str:
    return oso_id("ARTIFACT", "GITHUB", "GIT_USER", str(user_id))


def _t(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    work_dir = tmp_path_factory.mktemp("dbt_threads")
    db_path = work_dir / "warehouse.duckdb"
    _create_warehouse(db_path)
    run_dbt(
        ["build"],
        work_dir=work_dir,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(db_path)},
        dbt_vars=f"{{as_of: '{AS_OF}'}}",
        timeout=240,
    )
    run_results = json.loads((work_dir / "target" / "run_results.json").read_text())
    statuses = {r["unique_id"]: r["status"] for r in run_results["results"]}
    # alpha-org/docs is listed by alpha and beta: a warning, never an error.
    warned = sorted(uid for uid, status in statuses.items() if status == "warn")
    assert all("assert_artifact_in_one_project" in uid for uid in warned), warned
    assert all(status in ("success", "pass", "warn") for status in statuses.values()), statuses
    con = duckdb.connect(str(db_path), read_only=True)
    yield con
    con.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _thread(
    repo: int,
    type_: str,
    number: int,
    opened_at: str,
    author: int,
    first_response_at: str | None,
    merged_at: str | None,
    closed_at: str | None,
) -> dict:
    return {
        "to_artifact_id": _repo_id(repo),
        "repo_id": repo,
        "thread_type": type_,
        "thread_number": number,
        "opened_at": _t(opened_at),
        "author_artifact_id": _user_id(author),
        "first_response_at": first_response_at and _t(first_response_at),
        "merged_at": merged_at and _t(merged_at),
        "closed_at": closed_at and _t(closed_at),
        "is_open_at_as_of": closed_at is None,
    }


def test_threads(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(
        warehouse, "select * from intermediate.int_github_threads order by repo_id, thread_number"
    )
    # fmt: off
    assert rows == [
        # answered by alice's comment (own comment at 10:00 is no response), closed by alice
        _thread(101, "ISSUE", 1, "2024-06-01 09:00:00", 3, "2024-06-02 11:00:00", None, "2024-06-03 12:00:00"),
        # only commented by its author; alice's answer at 2024-07-01 00:00 is after as_of
        _thread(101, "ISSUE", 2, "2024-06-05 08:00:00", 2, None, None, None),
        # merged by alice: the merge (at merged_at) is the first response
        _thread(101, "PULL_REQUEST", 3, "2024-06-04 10:00:00", 2, "2024-06-06 14:59:58",
                "2024-06-06 14:59:58", "2024-06-06 15:00:00"),
        # dave's own close is no response, alice's close is; reopened last -> open
        _thread(101, "ISSUE", 4, "2024-06-10 10:00:00", 4, "2024-06-11 10:00:00", None, None),
        # dave's issue comment on the PR comes before carol's review comment; closed unmerged
        _thread(101, "PULL_REQUEST", 5, "2024-06-20 08:00:00", 1, "2024-06-20 18:00:00", None,
                "2024-06-22 12:00:00"),
        # opened before the data: opened_at and author from the comment's payload
        _thread(102, "ISSUE", 6, "2023-01-01 00:00:00", 2, "2024-06-15 12:00:00", None, None),
        # no created_at / user in the payload: the opened event's time and actor
        _thread(201, "ISSUE", 1, "2024-06-29 23:00:00", 2, None, None, None),
    ]
    # fmt: on


def test_event_indexing_status(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(warehouse, "select * from marts.event_indexing_status_by_project_v1")
    assert {(r["project_source"], r["project_namespace"]) for r in rows} == {
        ("OSS_DIRECTORY", "oso")
    }
    assert all(r["project_id"] == project_id(r["project_name"]) for r in rows)
    got = {
        (r["project_name"], r["event_source"], r["event_type"]): (
            r["first_event_date"],
            r["last_event_date"],
            r["eventful_day_count"],
        )
        for r in rows
    }
    assert len(got) == len(rows)
    # alpha = repositories 101 + 102; beta = 201 + 102; gamma has no events (no rows).
    assert got == {
        ("alpha", "GITHUB", "ISSUE_OPENED"): (_d("2024-06-01"), _d("2024-06-10"), 3),  # t1 t5 t11
        # t2 + t3 (06-01, 06-02), t9 (06-04), t6 (06-05), t20 @102 (06-15), t17 (06-20)
        ("alpha", "GITHUB", "ISSUE_COMMENT"): (_d("2024-06-01"), _d("2024-06-20"), 6),
        ("alpha", "GITHUB", "ISSUE_CLOSED"): (_d("2024-06-03"), _d("2024-06-11"), 3),  # t4 t12 t14
        ("alpha", "GITHUB", "ISSUE_REOPENED"): (_d("2024-06-10"), _d("2024-06-12"), 2),  # t13 t15
        ("alpha", "GITHUB", "PULL_REQUEST_OPENED"): (_d("2024-06-04"), _d("2024-06-20"), 2),
        ("alpha", "GITHUB", "PULL_REQUEST_CLOSED"): (_d("2024-06-06"), _d("2024-06-22"), 2),
        ("alpha", "GITHUB", "PULL_REQUEST_MERGED"): (_d("2024-06-06"), _d("2024-06-06"), 1),
        ("alpha", "GITHUB", "PULL_REQUEST_REVIEW_COMMENT"): (_d("2024-06-21"), _d("2024-06-21"), 1),
        # s1 + s2 on 06-01, s3 on 06-03, s4 @102 at 23:59:59 on as_of
        ("alpha", "GITHUB", "STARRED"): (_d("2024-06-01"), _d("2024-06-30"), 3),
        ("beta", "GITHUB", "ISSUE_COMMENT"): (_d("2024-06-15"), _d("2024-06-15"), 1),  # t20 @102
        ("beta", "GITHUB", "ISSUE_OPENED"): (_d("2024-06-29"), _d("2024-06-29"), 1),  # t21
        # s4; s5 is after as_of
        ("beta", "GITHUB", "STARRED"): (_d("2024-06-30"), _d("2024-06-30"), 1),
    }


def test_timeseries_events_by_artifact(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(warehouse, "select * from marts.timeseries_events_by_artifact_v0")
    # 26 rows minus t7 and s5 (after as_of), t3 once, plus the merge of t10 as its own event
    assert len(rows) == 25
    columns = (
        "time, to_artifact_id, from_artifact_id, event_type, event_source_id, event_source, amount"
    )
    assert sorted(rows, key=repr) == sorted(
        _rows(warehouse, f"select {columns} from intermediate.int_events"), key=repr
    )
    merged = [r for r in rows if r["event_type"] == "PULL_REQUEST_MERGED"]
    assert merged == [
        {
            "time": _t("2024-06-06 14:59:58"),
            "to_artifact_id": _repo_id(101),
            "from_artifact_id": _user_id(2),  # the PR author, not alice who merged it
            "event_type": "PULL_REQUEST_MERGED",
            "event_source_id": "t10",
            "event_source": "GITHUB",
            "amount": 1.0,
        }
    ]
    types = dict(
        warehouse.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = 'marts' and table_name = 'timeseries_events_by_artifact_v0'"
        ).fetchall()
    )
    assert types["time"] == "TIMESTAMP"
    assert types["amount"] == "DOUBLE"


def test_artifacts_by_collection(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = _rows(warehouse, "select * from marts.artifacts_by_collection_v1")
    featured, solo = collection_id("featured"), collection_id("solo")
    assert {
        (r["collection_id"], r["collection_source"], r["collection_namespace"]) for r in rows
    } == {(featured, "OSS_DIRECTORY", "oso"), (solo, "OSS_DIRECTORY", "oso")}
    got = sorted(
        (
            r["collection_name"],
            r["artifact_id"],
            r["artifact_source_id"],
            r["artifact_source"],
            r["artifact_namespace"],
            r["artifact_name"],
        )
        for r in rows
    )

    def funding(project: str) -> tuple[str, str, str, str, str]:
        artifact = oso_id("ARTIFACT", "OSS_FUNDING", "PROJECT", project)
        return (artifact, project, "OSS_FUNDING", project, project)

    def npm(package: str, namespace: str) -> tuple[str, str, str, str, str]:
        artifact = oso_id("ARTIFACT", "NPM", "PACKAGE", package)
        return (artifact, package, "NPM", namespace, package)

    # alpha-org/docs (102) belongs to alpha and beta: one row in featured.
    assert got == sorted(
        [
            ("featured", _repo_id(101), "101", "GITHUB", "alpha-org", "core"),
            ("featured", _repo_id(102), "102", "GITHUB", "alpha-org", "docs"),
            ("featured", _repo_id(201), "201", "GITHUB", "beta-dev", "widget"),
            ("featured", *npm("@alpha/sdk", "alpha")),
            ("featured", *funding("alpha")),
            ("featured", *funding("beta")),
            ("solo", *npm("gamma-lib", "gamma-lib")),
            ("solo", *funding("gamma")),
        ]
    )
