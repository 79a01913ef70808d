"""int_events is incremental by day (dbt/macros/incremental.sql): new days only, a re-run of a day
gives identical rows, and the incremental result equals a full rebuild.

One small DuckDB warehouse (GH Archive-shaped events of one repository; every other raw table
empty) goes through a sequence of dbt runs; each test checks one property of the snapshots.

Days: OLD (2024-05-20) and OLD2 (2024-05-21) are long before the window; D1..D3 = 2024-06-01..03.
With the default lookback (2 days) an incremental run as of D3 rebuilds D1..D3.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pytest
import sqlglot

from tests.dbt_helpers import create_raw_tables, run_dbt

OLD, OLD2, D1, D2, D3 = "2024-05-20", "2024-05-21", "2024-06-01", "2024-06-02", "2024-06-03"
REPO_ID, REPO_NAME = 101, "alpha-org/core"
USERS = {1: "alice", 2: "bob", 3: "carol", 4: "dave", 5: "erin"}
EVENT_SOURCES = ["github", "npm", "funding", "opencollective", "evm"]

# (id, type, created_at, actor_id, payload)
Event = tuple[str, str, str, int, dict[str, object]]
# (event_id, push_id, actor_id, sha, created_at)
Push = tuple[str, int, int, str, str]

FIRST_EVENTS: list[Event] = [
    ("o1", "WatchEvent", f"{OLD} 10:00:00", 1, {"action": "started"}),
    ("a1", "WatchEvent", f"{D1} 09:00:00", 2, {"action": "started"}),
    ("a2", "IssuesEvent", f"{D2} 12:00:00", 3, {"action": "opened"}),
]
# Loaded after the first run: D3, an hour of D2 that arrived late, and a day after as_of.
LATER_EVENTS: list[Event] = [
    ("a3", "WatchEvent", f"{D3} 08:00:00", 4, {"action": "started"}),
    ("late2", "ForkEvent", f"{D2} 23:30:00", 5, {"forkee": {"id": 1}}),
    ("future", "WatchEvent", "2024-06-04 01:00:00", 1, {"action": "started"}),
]
# sha aaa is pushed again on D3 (its commit stays at the first push, on D1).
FIRST_PUSHES: list[Push] = [("p1", 9001, 1, "aaa", f"{D1} 10:00:00")]
LATER_PUSHES: list[Push] = [
    ("p3", 9003, 2, "aaa", f"{D3} 10:00:00"),
    ("p3", 9003, 2, "bbb", f"{D3} 10:00:00"),
]

Rows = list[tuple[object, ...]]


def _insert(
    db_path: Path,
    events: Sequence[Event],
    pushes: Sequence[Push] = (),
) -> None:
    con = duckdb.connect(str(db_path))
    try:
        con.executemany(
            "insert into gharchive.events values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    event_id,
                    type_,
                    created_at + "+00",
                    actor_id,
                    USERS[actor_id],
                    REPO_ID,
                    REPO_NAME,
                    REPO_NAME.split("/")[0],
                    json.dumps(payload),
                    created_at[:13] + ":00:00+00",
                )
                for event_id, type_, created_at, actor_id, payload in events
            ],
        )
        if not pushes:
            return
        con.executemany(
            "insert into gharchive.push_commits values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    event_id,
                    push_id,
                    REPO_ID,
                    REPO_NAME,
                    actor_id,
                    USERS[actor_id],
                    "refs/heads/main",
                    sha,
                    USERS[actor_id].title(),
                    f"{USERS[actor_id]}@example.org",
                    True,
                    created_at + "+00",
                    created_at[:13] + ":00:00+00",
                )
                for event_id, push_id, actor_id, sha, created_at in pushes
            ],
        )
    finally:
        con.close()


def _int_events(db_path: Path) -> Rows:
    """Every row of int_events, sorted."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute("select * from intermediate.int_events order by all").fetchall()
    finally:
        con.close()


def _full_rebuild(db_path: Path, as_of: str) -> Rows:
    """What a full rebuild as of `as_of` holds: int_events' query over the per-source views,
    which the same dbt run (`+int_events`) recreated for that as_of."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        columns = [row[0] for row in con.execute("describe intermediate.int_events").fetchall()]
        assert columns[-1] == "event_day", columns
        select = ", ".join(columns[:-1]) + ", cast(time as date) as event_day"
        end = f"cast('{as_of}' as date) + interval 1 day"
        union = " union all ".join(
            f"select {select} from intermediate.int_events__{source} where time < {end}"
            for source in EVENT_SOURCES
        )
        return con.execute(f"select * from ({union}) order by all").fetchall()
    finally:
        con.close()


def _ids_by_day(rows: Rows) -> dict[str, set[str]]:
    """event_source_id of each row, grouped by event_day."""
    by_day: dict[str, set[str]] = {}
    for row in rows:
        by_day.setdefault(str(row[-1]), set()).add(str(row[3]))
    return by_day


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Rows]]:
    work_dir = tmp_path_factory.mktemp("dbt_incremental")
    db_path = work_dir / "warehouse.duckdb"
    con = duckdb.connect(str(db_path))
    try:
        create_raw_tables(con)
    finally:
        con.close()
    _insert(db_path, FIRST_EVENTS, FIRST_PUSHES)

    def run(as_of: str, *extra: str, events_from: str | None = None) -> None:
        dbt_vars = {"as_of": as_of} | ({"events_from": events_from} if events_from else {})
        run_dbt(
            ["run", "--select", "+int_events", *extra],
            work_dir=work_dir,
            target="embedded",
            env={"OSO_DBT_DUCKDB_PATH": str(db_path)},
            dbt_vars=json.dumps(dbt_vars),
            timeout=240,
        )

    shots: dict[str, Rows] = {}
    run(D2)  # first run: builds every day up to D2
    shots["first_D2"] = _int_events(db_path)
    _insert(db_path, LATER_EVENTS, LATER_PUSHES)
    run(D3)  # incremental: D1..D3
    shots["incremental_D3"] = _int_events(db_path)
    run(D3)  # the same day again
    shots["rerun_D3"] = _int_events(db_path)
    run(D3, "--full-refresh")
    shots["full_D3"] = _int_events(db_path)

    # Raw data of an old day changes: OLD loses its only event, OLD2 gains one.
    con = duckdb.connect(str(db_path))
    try:
        con.execute("delete from gharchive.events where id = 'o1'")
    finally:
        con.close()
    _insert(db_path, [("o2", "WatchEvent", f"{OLD2} 10:00:00", 2, {"action": "started"})])
    run(D3)  # OLD and OLD2 are before the window: left as they are
    shots["stale_old_days"] = _int_events(db_path)
    shots["stale_old_days_expected"] = _full_rebuild(db_path, D3)
    # events_from covers the old days; as_of moves back to D2, so D3 goes too.
    run(D2, events_from=OLD)
    shots["override_D2"] = _int_events(db_path)
    shots["override_D2_expected"] = _full_rebuild(db_path, D2)
    yield shots


def test_first_run_builds_every_day_up_to_as_of(snapshots: dict[str, Rows]) -> None:
    assert _ids_by_day(snapshots["first_D2"]) == {OLD: {"o1"}, D1: {"a1", "aaa"}, D2: {"a2"}}


def test_incremental_run_equals_full_refresh(snapshots: dict[str, Rows]) -> None:
    incremental = snapshots["incremental_D3"]
    assert incremental == snapshots["full_D3"]
    # new day D3 and the late hour of D2 are in; the day after as_of is not; sha aaa stays a
    # commit of D1 (its first push), bbb is D3's.
    assert _ids_by_day(incremental) == {
        OLD: {"o1"},
        D1: {"a1", "aaa"},
        D2: {"a2", "late2"},
        D3: {"a3", "bbb"},
    }


def test_rerunning_a_day_gives_identical_rows(snapshots: dict[str, Rows]) -> None:
    assert snapshots["rerun_D3"] == snapshots["incremental_D3"]
    assert len(set(snapshots["rerun_D3"])) == len(snapshots["rerun_D3"])  # no duplicates


def test_days_before_the_window_are_left_untouched(snapshots: dict[str, Rows]) -> None:
    stale = snapshots["stale_old_days"]
    # OLD keeps o1, whose raw row is gone; OLD2's new event is not picked up.
    assert _ids_by_day(stale)[OLD] == {"o1"}
    assert OLD2 not in _ids_by_day(stale)
    assert stale == snapshots["incremental_D3"]
    # a full rebuild would differ on those days only
    expected = snapshots["stale_old_days_expected"]
    assert [r for r in stale if str(r[-1]) >= D1] == [r for r in expected if str(r[-1]) >= D1]


def test_events_from_rebuilds_older_days(snapshots: dict[str, Rows]) -> None:
    rebuilt = snapshots["override_D2"]
    # OLD (now without rows) is emptied, OLD2 rebuilt, and D3 (after the new as_of) removed.
    assert _ids_by_day(rebuilt) == {OLD2: {"o2"}, D1: {"a1", "aaa"}, D2: {"a2", "late2"}}
    assert rebuilt == snapshots["override_D2_expected"]


@pytest.mark.parametrize(
    ("events_from", "message"),
    [
        (
            "2024-02-30",
            "dbt var 'events_from' must be a calendar date 'YYYY-MM-DD', got: 2024-02-30",
        ),
        ("2024-07-01", "dbt var 'events_from' (2024-07-01) is after as_of (2024-06-30)"),
    ],
)
def test_bad_events_from_is_a_clear_error(tmp_path: Path, events_from: str, message: str) -> None:
    result = run_dbt(
        ["compile", "--select", "int_events"],
        work_dir=tmp_path,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(tmp_path / "empty.duckdb")},
        dbt_vars=json.dumps({"as_of": "2024-06-30", "events_from": events_from}),
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stdout + result.stderr


def test_bigquery_overwrites_the_window_partitions(tmp_path: Path) -> None:
    """On BigQuery an incremental run overwrites exactly the days events_from..as_of."""
    run_dbt(
        ["parse"],
        work_dir=tmp_path,
        target="bigquery_offline",
        dbt_vars=json.dumps({"as_of": "2024-06-30", "events_from": "2024-06-28"}),
        timeout=180,
    )
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    config = manifest["nodes"]["model.oso.int_events"]["config"]
    assert config["materialized"] == "incremental"
    assert config["incremental_strategy"] == "insert_overwrite"
    partitions = config["partitions"]
    assert partitions == [f"cast('2024-06-{day}' as timestamp)" for day in ("28", "29", "30")]
    # the predicate dbt-bigquery builds from them
    predicate = f"timestamp_trunc(t.time, day) in ({', '.join(partitions)})"
    sqlglot.parse_one(f"select 1 from t where {predicate}", read="bigquery")
