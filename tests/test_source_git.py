"""The git source against real git repositories built here: Dagster asset, dlt, DuckDB and dbt.

Upstream repositories live in a local base folder (``git_base_url = <folder>``) as
``<base>/acme/widget`` (default branch main: two commits, a merged feature branch and an
unmerged ``wip`` branch whose commit must never count) and ``<base>/acme/gadget`` (default
branch trunk). Dates, names and e-mails are fixed, so every sha is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from dagster_project.git.assets import build_git_assets
from oso.settings import Settings
from oso.sources.git.repos import GitSourceError, sync_repo
from tests.dbt_helpers import GHARCHIVE_RAW_DDL, create_empty_raw_tables
from tests.gharchive_helpers import write_registry

ALICE = ("Alice", "alice@example.org")
BOB = ("Bob", "Bob@Example.org")
CAROL = ("Carol", "carol@example.org")


def git(repo: Path, *args: str, who: tuple[str, str] = ALICE, when: str = "") -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": ALICE[0],
        "GIT_COMMITTER_EMAIL": ALICE[1],
        "GIT_AUTHOR_DATE": f"{when} +0200" if when else "",
        "GIT_COMMITTER_DATE": f"{when} +0200" if when else "",
    }
    out = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return out.stdout.decode().strip()


def commit(repo: Path, message: str, when: str, who: tuple[str, str] = ALICE) -> str:
    git(repo, "commit", "--allow-empty", "-q", "-m", message, who=who, when=when)
    return git(repo, "rev-parse", "HEAD")


def make_widget(base: Path) -> Path:
    repo = base / "acme" / "widget"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "first", "2024-01-01T10:00:00")
    commit(repo, "second", "2024-01-02T10:00:00", who=BOB)
    git(repo, "checkout", "-q", "-b", "feature")
    commit(repo, "feature", "2024-01-03T10:00:00", who=CAROL)
    git(repo, "checkout", "-q", "main")
    git(
        repo, "merge", "-q", "--no-ff", "-m", "merge feature", "feature", when="2024-01-04T10:00:00"
    )
    git(repo, "checkout", "-q", "-b", "wip")
    commit(repo, "wip: never merged", "2024-01-05T10:00:00", who=CAROL)
    git(repo, "checkout", "-q", "main")
    return repo


def make_gadget(base: Path) -> Path:
    repo = base / "acme" / "gadget"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "trunk")
    commit(repo, "gadget", "2024-02-01T08:00:00", who=BOB)
    return repo


def log_rows(repo: Path, repository: str) -> set[tuple]:
    """What `git log` reports for the default branch, parsed line by line (independently)."""
    out = git(repo, "log", "--format=%H|%P|%an|%ae|%at|%cn|%ce|%ct", "HEAD")
    rows = set()
    for line in out.splitlines():
        sha, parents, an, ae, at, cn, ce, ct = line.split("|")
        utc = dt.UTC
        rows.add(
            (
                repository,
                sha,
                len(parents.split()),
                an,
                ae,
                dt.datetime.fromtimestamp(int(at), utc).replace(tzinfo=None),
                cn,
                ce,
                dt.datetime.fromtimestamp(int(ct), utc).replace(tzinfo=None),
                len(parents.split()) > 1,
            )
        )
    return rows


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "upstream"
    make_widget(folder)
    make_gadget(folder)
    return folder


def settings_for(tmp_path: Path, base: Path, urls: list[str] | None = None) -> Settings:
    urls = urls or ["https://github.com/acme/widget", "https://github.com/Acme/Gadget.git"]
    return Settings(
        home=tmp_path / "home",
        oss_directory=write_registry(tmp_path / "registry", {"acme": urls}),
        git_base_url=str(base),
        git_max_parallel=2,
    )


def materialize(settings: Settings) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        build_git_assets(settings), raise_on_error=False, instance=dg.DagsterInstance.ephemeral()
    )


def warehouse_rows(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


COMMIT_COLUMNS = (
    "repository, sha, parent_count, author_name, author_email, author_time, committer_name,"
    " committer_email, committer_time, is_merge"
)


def loaded(settings: Settings, repository: str) -> set[tuple]:
    return set(
        warehouse_rows(
            settings,
            f"select {COMMIT_COLUMNS} from git.commits where repository = '{repository}'",
        )
    )


def metadata(result: dg.ExecuteInProcessResult, key: str) -> object:
    mats = result.asset_materializations_for_node("git")
    return mats[0].metadata[key].value


def test_first_run_loads_default_branch_then_incremental_and_idempotent(
    tmp_path: Path, base: Path
) -> None:
    settings = settings_for(tmp_path, base)
    result = materialize(settings)
    assert result.success
    widget = base / "acme" / "widget"
    assert loaded(settings, "acme/widget") == log_rows(widget, "acme/widget")
    assert loaded(settings, "acme/gadget") == log_rows(base / "acme" / "gadget", "acme/gadget")
    wip = git(widget, "rev-parse", "wip")
    assert warehouse_rows(settings, f"select count(*) from git.commits where sha = '{wip}'") == [
        (0,)
    ]
    merges = warehouse_rows(settings, "select parent_count from git.commits where is_merge")
    assert merges == [(2,)]
    heads = warehouse_rows(
        settings, "select repository, default_branch, head_sha, commit_count from git.heads"
    )
    assert sorted(heads) == [
        ("acme/gadget", "trunk", git(base / "acme" / "gadget", "rev-parse", "HEAD"), 1),
        ("acme/widget", "main", git(widget, "rev-parse", "HEAD"), 4),
    ]
    clone = settings.cache_dir / "git" / "acme" / "widget.git"
    assert git(clone, "config", "core.bare") == "true"
    assert git(clone, "config", "remote.origin.partialclonefilter") == "blob:none"
    assert {tuple(m.asset_key.path) for m in result.asset_materializations_for_node("git")} == {
        ("dlt", "git", "commits"),
        ("dlt", "git", "heads"),
    }

    # Unchanged upstream: nothing read, the same rows.
    before = warehouse_rows(settings, "select * from git.commits order by sha")
    again = materialize(settings)
    assert again.success
    assert metadata(again, "commits_read") == 0
    assert warehouse_rows(settings, "select * from git.commits order by sha") == before

    # Two new commits: only they are read, no duplicates, old rows untouched.
    commit(widget, "third", "2024-03-01T10:00:00", who=CAROL)
    commit(widget, "fourth", "2024-03-02T10:00:00")
    third = materialize(settings)
    assert third.success
    assert metadata(third, "commits_read") == 2
    assert metadata(third, "full_reads") == 0
    assert loaded(settings, "acme/widget") == log_rows(widget, "acme/widget")
    old = {row[1]: row[-1] for row in before}
    for sha, fetched_at in warehouse_rows(settings, "select sha, fetched_at from git.commits"):
        assert sha not in old or old[sha] == fetched_at
    assert warehouse_rows(
        settings, "select commit_count from git.heads where repository = 'acme/widget'"
    ) == [(6,)]


def test_force_push_rewrite_replaces_the_repository_rows(tmp_path: Path, base: Path) -> None:
    settings = settings_for(tmp_path, base)
    assert materialize(settings).success
    widget = base / "acme" / "widget"
    dropped = git(widget, "rev-parse", "HEAD")  # the merge commit, rewritten away
    git(widget, "reset", "-q", "--hard", "HEAD~1")
    commit(widget, "rewritten", "2024-01-06T10:00:00", who=BOB)
    result = materialize(settings)
    assert result.success
    assert metadata(result, "full_reads") == 1
    assert loaded(settings, "acme/widget") == log_rows(widget, "acme/widget")
    assert dropped not in {row[1] for row in loaded(settings, "acme/widget")}
    assert loaded(settings, "acme/gadget") == log_rows(base / "acme" / "gadget", "acme/gadget")


def test_missing_repository_fails_naming_it_and_others_load(tmp_path: Path, base: Path) -> None:
    urls = ["https://github.com/acme/widget", "https://github.com/acme/missing"]
    settings = settings_for(tmp_path, base, urls)
    result = materialize(settings)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    message = str(failure.step_failure_data.error)
    assert "acme/missing" in message
    assert "does not appear to be a git repository" in message  # git's own stderr
    assert loaded(settings, "acme/widget") == log_rows(base / "acme" / "widget", "acme/widget")
    assert not (settings.cache_dir / "git" / "acme" / "missing.git").exists()


def test_clone_errors_never_show_credentials(tmp_path: Path) -> None:
    with pytest.raises(GitSourceError) as info:
        sync_repo("http://user:s3cret@127.0.0.1:9", "acme/widget", tmp_path / "cache")
    assert "acme/widget" in str(info.value)
    assert "s3cret" not in str(info.value)


def test_owner_urls_use_gharchive_repositories_and_an_explicit_list(
    tmp_path: Path, base: Path
) -> None:
    settings = settings_for(tmp_path, base, ["https://github.com/ACME"])
    settings.home.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute("create schema gharchive; create table gharchive.events (repo_name varchar)")
        con.execute("insert into gharchive.events values ('Acme/Gadget'), ('other/thing')")
    result = dg.materialize(
        build_git_assets(settings, repositories=["Acme/Widget"]),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    assert warehouse_rows(settings, "select repository from git.heads order by 1") == [
        ("acme/gadget",),
        ("acme/widget",),
    ]


# GH Archive rows for the dbt test: acme/widget is repository 501 (acme/gadget is never seen,
# so its commits cannot be resolved to an id and are dropped).
GHARCHIVE_DDL = (
    GHARCHIVE_RAW_DDL
    + """
insert into gharchive.events values
    ('e1', 'WatchEvent', '2024-01-01 00:00:00+00', 9, 'dave', 501, 'acme/widget', 'acme',
     '{"action": "started"}', '2024-01-01 00:00:00+00');
"""
)


def _push(event: str, actor: tuple[int, str], ref: str, sha: str, email: str, at: str) -> tuple:
    hour = at[:13] + ":00:00"
    return (
        event,
        1,
        501,
        "acme/widget",
        *actor,
        ref,
        sha,
        "x",
        email,
        True,
        at + "+00",
        hour + "+00",
    )


def _load_git_tables(db_path: Path, base: Path, cache: Path) -> None:
    import dlt

    from oso.sources.git import git as git_source
    from oso.sources.git.helpers import read_repos

    fetched_at = dt.datetime(2024, 6, 1)
    result = read_repos(str(base), ["acme/widget", "acme/gadget"], cache, {}, fetched_at, 2)
    pipeline = dlt.pipeline(
        pipeline_name="git_dbt_test",
        destination=dlt.destinations.duckdb(str(db_path)),
        dataset_name="git",
        pipelines_dir=str(db_path.parent / "dlt"),
    )
    pipeline.run(git_source(result.commits(), result.heads(fetched_at)))


def test_dbt_commit_events_merge_git_with_gharchive_pushes(tmp_path: Path, base: Path) -> None:
    from oso.ids import oso_id
    from tests.dbt_helpers import run_dbt

    widget = base / "acme" / "widget"
    first, second = git(widget, "rev-parse", "HEAD^1~1"), git(widget, "rev-parse", "HEAD^1")
    feature, merge = git(widget, "rev-parse", "HEAD^2"), git(widget, "rev-parse", "HEAD")
    db_path = tmp_path / "warehouse.duckdb"
    _load_git_tables(db_path, base, tmp_path / "cache")
    with duckdb.connect(str(db_path)) as con:
        con.execute(GHARCHIVE_DDL)
        create_empty_raw_tables(
            con, ["github"]
        )  # no repository metadata: main/master is the default
        con.executemany(
            "insert into gharchive.push_commits values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                # bob's e-mail (other case) pushed by bobby on a branch: maps the e-mail.
                _push(
                    "p1",
                    (7, "BobbyB"),
                    "refs/heads/x",
                    "f00",
                    "bob@example.org",
                    "2023-12-01 09:00:00",
                ),
                # alice's e-mail: pushed twice by alicia, once by dave, so it maps to alicia.
                _push("p0", (8, "alicia"), "refs/heads/y", "a00", ALICE[1], "2023-12-02 09:00:00"),
                # the first commit, pushed after its committer date: git's time wins.
                _push(
                    "p2", (8, "alicia"), "refs/heads/main", first, ALICE[1], "2024-01-01 12:00:00"
                ),
                # the merge, pushed "before" its committer date: the push wins.
                _push("p3", (9, "dave"), "refs/heads/main", merge, ALICE[1], "2024-01-04 07:00:00"),
            ],
        )
    work = tmp_path / "dbt"
    run_dbt(
        ["build", "--select", "+int_events__github"],
        work_dir=work,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(db_path)},
        dbt_vars="{as_of: '2024-06-30', git_schema: git}",
        timeout=240,
    )
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "select event_source_id, cast(time as varchar), to_artifact_source_id,"
            " from_artifact_type, from_artifact_source_id, from_artifact_name, from_artifact_id"
            " from intermediate.int_events__github where event_type = 'COMMIT_CODE'"
        ).fetchall()
    by_sha = {row[0]: row[1:] for row in rows}
    assert len(rows) == len(by_sha) == 4  # wip, gadget (unresolved) and branch pushes excluded
    user = lambda i: oso_id("ARTIFACT", "GITHUB", "GIT_USER", str(i))  # noqa: E731
    carol = oso_id("ARTIFACT", "GIT", "GIT_EMAIL", "carol@example.org")
    assert by_sha == {
        first: ("2024-01-01 08:00:00", "501", "GIT_USER", "8", "alicia", user(8)),
        second: ("2024-01-02 08:00:00", "501", "GIT_USER", "7", "bobbyb", user(7)),
        feature: ("2024-01-03 08:00:00", "501", "GIT_EMAIL", CAROL[1], CAROL[1], carol),
        merge: ("2024-01-04 07:00:00", "501", "GIT_USER", "9", "dave", user(9)),
    }


def test_log_parser_checks_fields_and_replaces_invalid_utf8() -> None:
    from oso.sources.git.log import parse_log

    sha = "a" * 40
    record = f"{sha}\x1f\x1fN\xe9\x1fn@x\x1f0\x1fC\x1fc@x\x1f86400\x1e\n"
    table = parse_log(record.encode("latin-1"), "o/r", "main", dt.datetime(2024, 1, 1))
    row = table.to_pylist()[0]
    assert (row["sha"], row["parent_count"], row["is_merge"]) == (sha, 0, False)
    assert row["author_name"] == "N\ufffd"
    assert row["committer_time"] == dt.datetime(1970, 1, 2)
    with pytest.raises(GitSourceError, match="o/r"):
        parse_log(
            record.replace("\x1fC\x1f", "\x1fC\x1fextra\x1f").encode(),
            "o/r",
            "main",
            dt.datetime(2024, 1, 1),
        )


def test_demo_repositories_are_deterministic_and_readable(tmp_path: Path) -> None:
    from oso.sources.git.demo import AUTHORS, write_demo_repos
    from oso.sources.git.helpers import read_repos

    repos = ["demo-org/alpha", "demo-org/beta"]
    start, end = dt.date(2025, 11, 1), dt.date(2025, 11, 5)
    write_demo_repos(tmp_path / "a", repos, start, end)
    write_demo_repos(tmp_path / "b", repos, start, end)
    for name in repos:
        assert git(tmp_path / "a" / name, "rev-parse", "HEAD") == git(
            tmp_path / "b" / name, "rev-parse", "HEAD"
        )
        assert "[synthetic]" in git(tmp_path / "a" / name, "log", "-1", "--format=%s")
    result = read_repos(
        str(tmp_path / "a"), repos, tmp_path / "cache", {}, dt.datetime(2025, 12, 1), 2
    )
    commits = result.commits()
    assert not result.failures
    assert commits.num_rows >= 2
    assert set(commits.column("author_email").to_pylist()) <= {email for _, email in AUTHORS}
    times = commits.column("committer_time").to_pylist()
    assert dt.datetime(2025, 11, 1) <= min(times) <= max(times) < dt.datetime(2025, 11, 6)


def test_clone_urls() -> None:
    from oso.sources.git.repos import clone_url

    assert clone_url("https://github.com/", "acme/widget") == "https://github.com/acme/widget.git"
    assert clone_url("/srv/repos", "acme/widget") == "file:///srv/repos/acme/widget"
    with pytest.raises(GitSourceError):
        sync_repo("/srv/repos", "../etc", Path("/nonexistent/cache"))


def _dumb_http_server(root: Path, failures: int) -> tuple[Any, str, list[int]]:
    """Serve ``root`` over git's dumb HTTP protocol on loopback; the first ``failures`` requests get 503."""
    import functools
    import http.server
    import threading

    statuses: list[int] = []

    class Flaky(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if len(statuses) < failures:
                statuses.append(503)
                self.send_error(503, "try again")
                return
            statuses.append(200)
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Flaky, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", statuses


def test_clone_over_http_retries_transient_errors(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for args in (["init", "-q", "-b", "main"], ["commit", "-q", "--allow-empty", "-m", "one"]):
        identity = {
            "GIT_AUTHOR_NAME": "A",
            "GIT_AUTHOR_EMAIL": "a@x.org",
            "GIT_COMMITTER_NAME": "A",
            "GIT_COMMITTER_EMAIL": "a@x.org",
        }
        subprocess.run(["git", *args], cwd=work, check=True, env={**os.environ, **identity})
    served = tmp_path / "served"
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(work), str(served / "acme" / "tool.git")], check=True
    )
    subprocess.run(["git", "update-server-info"], cwd=served / "acme" / "tool.git", check=True)
    server, url, statuses = _dumb_http_server(served, failures=2)
    try:
        synced = sync_repo(url, "acme/tool", tmp_path / "cache", max_retry_s=30)
    finally:
        server.shutdown()
    assert statuses[:2] == [503, 503]
    assert 200 in statuses
    expected = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=work, capture_output=True, text=True, check=True
    )
    assert synced.head == expected.stdout.strip()


def test_clone_over_http_gives_up_within_bound(tmp_path: Path) -> None:
    served = tmp_path / "served"
    (served / "acme" / "gone.git").mkdir(parents=True)
    server, url, statuses = _dumb_http_server(served, failures=10_000)
    try:
        with pytest.raises(GitSourceError, match=r"acme/gone.*503"):
            sync_repo(url, "acme/gone", tmp_path / "cache", max_retry_s=2)
    finally:
        server.shutdown()
    assert len(statuses) >= 2  # retried before giving up
    assert not (tmp_path / "cache" / "acme" / "gone.git").exists()  # nothing half-cloned left


def test_dbt_default_branch_comes_from_repository_metadata(tmp_path: Path) -> None:
    """With GitHub REST metadata, only pushes to the repository's real default branch count."""
    from tests.dbt_helpers import run_dbt

    db_path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(db_path)) as con:
        con.execute(GHARCHIVE_DDL)
        create_empty_raw_tables(con, ["github", "git"])
        con.execute(
            "insert into github.repositories (id, owner, name, full_name, default_branch) "
            "values (501, 'acme', 'widget', 'acme/widget', 'develop')"
        )
        con.executemany(
            "insert into gharchive.push_commits values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _push(
                    "p1",
                    (9, "dave"),
                    "refs/heads/develop",
                    "d" * 40,
                    "dave@x.org",
                    "2024-01-02 10:00:00",
                ),
                _push(
                    "p2",
                    (9, "dave"),
                    "refs/heads/main",
                    "e" * 40,
                    "dave@x.org",
                    "2024-01-02 11:00:00",
                ),
            ],
        )
    run_dbt(
        ["build", "--select", "+int_events__github", "--exclude", "test_type:data"],
        work_dir=tmp_path,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(db_path)},
        dbt_vars="{as_of: '2024-01-31'}",
    )
    with duckdb.connect(str(db_path), read_only=True) as con:
        shas = {
            r[0]
            for r in con.execute(
                "select event_source_id from intermediate.int_events__github where event_type = 'COMMIT_CODE'"
            ).fetchall()
        }
    assert shas == {"d" * 40}
