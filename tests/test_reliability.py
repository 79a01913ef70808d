"""The reliability suite: faults in the middle of real runs, then the numbers checked exactly.

* a run killed (SIGKILL) in the middle of a partition — while staging, while dlt loads — and run
  again leaves every hour loaded once: no row lost, none duplicated;
* a corrupt hour is quarantined with its reason while the rest of the run (other hours, dbt,
  publishing) goes on; replacing the file and re-running the hour loads it exactly once;
* a failing dbt test fails the run and nothing is published from it;
* marts are republished while clients query the real API over loopback: every request is
  answered, and every answer is one complete version, never a partial or doubled table.

Each run is ``oso run`` in its own process on a temporary OSO_HOME (the real GH Archive hour,
copied under several hours' names; the registry of tests/gharchive_helpers).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb
import httpx
import orjson
import pytest

from tests.conftest import REPO_ROOT, shared_data
from tests.gharchive_helpers import REAL_HOUR, expected_counts, write_registry
from tests.serving_helpers import free_port, running_api

pytestmark = pytest.mark.slow
HOURS = range(12, 18)  # 2015-01-01 12:00 .. 17:00, each a copy of the real 12:00 file


def _home(tmp: Path, hours: range = HOURS) -> dict[str, str]:
    archive = tmp / "gharchive"
    archive.mkdir(parents=True, exist_ok=True)
    for hour in hours:
        shutil.copy(shared_data("gharchive", REAL_HOUR), archive / f"2015-01-01-{hour}.json.gz")
    return {
        **os.environ,
        "OSO_HOME": str(tmp / "home"),
        "OSO_OSS_DIRECTORY": str(write_registry(tmp / "registry")),
        "OSO_GHARCHIVE_URL": str(archive),
        "OSO_START": "2015-01-01",
        "OSO_END": "2015-01-01",
        "OSO_SOURCES": "[]",
        "OSO_RETRIES": "0",
    }


def _oso(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "oso.cli", *args],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(proc: subprocess.Popen[str], timeout: float = 900) -> tuple[int, str]:
    out, _ = proc.communicate(timeout=timeout)
    return proc.returncode, out


def _per_file() -> int:
    return sum(c["events"] for c in expected_counts(shared_data("gharchive", REAL_HOUR)).values())


def _hours_loaded(env: dict[str, str]) -> dict[int, tuple[int, int]]:
    """Per hour loaded: (rows, distinct event ids)."""
    with duckdb.connect(str(Path(env["OSO_HOME"]) / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select hour(hour), count(*), count(distinct id) from gharchive.events group by 1"
        ).fetchall()
    return {int(h): (int(n), int(d)) for h, n, d in rows}


def _instance(env: dict[str, str]) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(Path(env["OSO_HOME"]) / "dagster"))


def _kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 300
    while not ready():
        assert proc.poll() is None, f"the run ended before {what}: {proc.communicate()[0][-3000:]}"
        assert time.monotonic() < deadline, f"never reached {what}"
        time.sleep(0.002)
    proc.kill()
    assert proc.wait() == -9


def _staging_hour_15(home: Path) -> bool:
    return (home / "cache" / "gharchive-stage" / "2015-01-01-15" / "events.parquet").exists()


def _dlt_loading(home: Path) -> bool:
    """A normalized dlt package is being loaded into the warehouse."""
    return any((home / "dlt" / "oso_gharchive" / "load" / "normalized").glob("*/*_jobs/*"))


@pytest.mark.parametrize(
    ("moment", "ready"), [("staging", _staging_hour_15), ("loading", _dlt_loading)]
)
def test_a_run_killed_mid_partition_and_rerun_loses_and_duplicates_nothing(
    tmp_path: Path, moment: str, ready: Callable[[Path], bool]
) -> None:
    env = _home(tmp_path)
    hours = ["run", "--ingest-only", "--hours", "2015-01-01-12..2015-01-01-17"]
    _kill_when(_oso(env, *hours), lambda: ready(Path(env["OSO_HOME"])), moment)
    killed = _instance(env).get_runs(dg.RunsFilter(job_name="ingest_gharchive"))
    assert [r.status for r in killed] == [dg.DagsterRunStatus.STARTED]  # never reported a success
    code, out = _finish(_oso(env, *hours))
    assert code == 0, out[-3000:]
    per_file = _per_file()
    assert _hours_loaded(env) == dict.fromkeys(HOURS, (per_file, per_file))
    runs = _instance(env).get_runs(dg.RunsFilter(job_name="ingest_gharchive"))
    assert sorted(r.status.value for r in runs) == ["FAILURE", "SUCCESS"]  # the dead run: failed
    failed = next(r for r in runs if r.status is dg.DagsterRunStatus.FAILURE)
    records = _instance(env).get_records_for_run(failed.run_id).records
    assert any(
        "ended before the run finished" in (r.event_log_entry.message or "") for r in records
    )


@pytest.fixture(scope="module")
def quarantined_home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A whole ``oso run`` over hours 12..14 whose 13:00 file is corrupt (truncated)."""
    env = _home(tmp_path_factory.mktemp("quarantine"), range(12, 15))
    corrupt = Path(env["OSO_GHARCHIVE_URL"]) / "2015-01-01-13.json.gz"
    data = corrupt.read_bytes()
    corrupt.write_bytes(data[: len(data) // 3])
    code, out = _finish(_oso(env, "run", "--hours", "2015-01-01-12..2015-01-01-14"))
    assert code == 0, out[-4000:]  # the run went on past the corrupt hour: dbt, publish, site
    return env


def test_a_corrupt_hour_is_quarantined_and_the_run_goes_on(
    quarantined_home: dict[str, str],
) -> None:
    env, home = quarantined_home, Path(quarantined_home["OSO_HOME"])
    per_file = _per_file()
    assert _hours_loaded(env) == {12: (per_file, per_file), 14: (per_file, per_file)}
    folder = home / "quarantine" / "gharchive"
    reason = (folder / "2015-01-01-13.json.gz.reason.txt").read_text()
    assert "2015-01-01-13.json.gz is corrupt or truncated" in reason
    assert (folder / "2015-01-01-13.json.gz").is_file()
    assert (home / "site" / "index.html").is_file()  # the run went on to the website
    checks = _instance(env).event_log_storage.get_latest_asset_check_execution_by_key(
        [dg.AssetCheckKey(dg.AssetKey(["dlt", "gharchive", "events"]), "quarantine")]
    )
    evaluation = next(iter(checks.values())).event.dagster_event.event_specific_data  # type: ignore[union-attr]
    assert evaluation.passed is False and "2015-01-01-13.json.gz" in str(evaluation.metadata)
    # the file is fixed and the hour re-run: loaded once, quarantine released
    shutil.copy(
        shared_data("gharchive", REAL_HOUR),
        Path(env["OSO_GHARCHIVE_URL"]) / "2015-01-01-13.json.gz",
    )
    code, out = _finish(_oso(env, "run", "--ingest-only", "--hours", "2015-01-01-13"))
    assert code == 0, out[-3000:]
    assert _hours_loaded(env) == dict.fromkeys(range(12, 15), (per_file, per_file))
    assert list(folder.iterdir()) == []


def _publish_list(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "oso.cli", "publish", "--list", "projects_v1"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_failing_dbt_test_fails_the_run_and_publishes_nothing(
    quarantined_home: dict[str, str],
) -> None:
    env = quarantined_home
    warehouse = str(Path(env["OSO_HOME"]) / "warehouse.duckdb")
    before = _publish_list(env)
    with duckdb.connect(warehouse) as con:  # a duplicate project: stg_ossd__projects' unique test
        con.execute("insert into ossd.projects select * from ossd.projects limit 1")
    try:
        code, out = _finish(_oso(env, "run", "--skip-ingestion"))
        assert code == 1 and "unique_stg_ossd__projects_project_name" in out, out[-3000:]
        run = _instance(env).get_runs(dg.RunsFilter(job_name="transform_and_publish"), limit=1)[0]
        assert run.status is dg.DagsterRunStatus.FAILURE
        published = [
            record
            for record in _instance(env).get_records_for_run(run.run_id).records
            if record.event_log_entry.dagster_event
            and record.event_log_entry.dagster_event.is_step_materialization
            and record.event_log_entry.dagster_event.asset_key.path[0] == "clickhouse"  # type: ignore[union-attr]
        ]
        assert published == []
        assert _publish_list(env) == before  # the serving store kept what it had
    finally:
        with duckdb.connect(warehouse) as con:
            con.execute(
                "create or replace table ossd.projects as select distinct * from ossd.projects"
            )


def _sql(client: httpx.Client, url: str) -> tuple[int, int]:
    query = "SELECT count(), uniqExact(project_id) FROM projects_v1"
    response = client.post(f"{url}/api/v1/sql", json={"query": query}, timeout=30)
    assert response.status_code == 200, response.text
    (row,) = orjson.loads(response.content.splitlines()[0])["data"]
    return int(row[0]), int(row[1])


def test_publishing_under_api_load_answers_every_request_with_a_whole_version(
    quarantined_home: dict[str, str],
) -> None:
    env = {
        **quarantined_home,
        "OSO_API_PORT": str(free_port()),
        "OSO_API_RATE_LIMIT_ENABLED": "false",  # the load is bounded by the clients below
        "OSO_API_CACHE_TTL_S": "0",  # every answer comes from the serving store
    }
    warehouse = str(Path(env["OSO_HOME"]) / "warehouse.duckdb")
    with duckdb.connect(warehouse) as con:
        full = int(con.execute("select count(*) from marts.projects_v1").fetchone()[0])  # type: ignore[index]
        con.execute("create table marts.projects_all as select * from marts.projects_v1")
    sizes = {full, full // 2}
    answers: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    stop = threading.Event()
    with running_api(env) as url:

        def client_loop() -> None:
            with httpx.Client() as client:
                while not stop.is_set():
                    try:
                        answers.append(_sql(client, url))
                    except BaseException as exc:
                        errors.append(exc)

        clients = [threading.Thread(target=client_loop) for _ in range(6)]  # at most 6 in flight
        for thread in clients:
            thread.start()
        try:
            for n in [full // 2, full, full // 2, full]:
                with duckdb.connect(warehouse) as con:
                    con.execute(
                        f"create or replace table marts.projects_v1 as "
                        f"select * from marts.projects_all order by project_id limit {n}"
                    )
                code, out = _finish(_oso(env, "publish", "projects_v1"), timeout=300)
                assert code == 0 and f"projects_v1: {n} rows published" in out, out[-2000:]
        finally:
            stop.set()
            for thread in clients:
                thread.join(timeout=60)
        with httpx.Client() as client:
            last = _sql(client, url)
    with duckdb.connect(warehouse) as con:
        con.execute("drop table marts.projects_all")
    assert not errors, errors[:3]
    assert len(answers) > 50, "too few requests overlapped the publishes"
    assert set(answers) <= {(n, n) for n in sizes}, sorted(set(answers))
    assert {a[0] for a in answers} == sizes  # both versions were served during the load
    assert last == (full, full)
