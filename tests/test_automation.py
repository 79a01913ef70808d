"""Running unattended: schedules, sensors, the failure webhook, retries, checks, storage faults.

Jobs run in-process on a real Dagster instance with the real registry and GH Archive assets
writing a DuckDB warehouse; the webhook is a real HTTP server on loopback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from dagster_project.automation.alerts import build_alert_sensor
from dagster_project.automation.checks import build_source_checks
from dagster_project.automation.jobs import TRANSFORM_JOB, build_jobs, sources_of
from dagster_project.automation.schedules import build_schedules
from dagster_project.automation.sensors import build_registry_sensor, build_transform_sensor
from dagster_project.gharchive.assets import build_gharchive_assets
from dagster_project.partitions import weekly_partitions
from dagster_project.registry.assets import build_registry_assets
from oso.settings import Settings
from oso.storage import StorageError, check_writable
from tests.conftest import REPO_ROOT, shared_data
from tests.gharchive_helpers import REAL_HOUR, expected_counts, write_registry

HOUR_12 = "2015-01-01-12:00"


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    archive = tmp_path / "gharchive"
    archive.mkdir(exist_ok=True)
    shutil.copy(shared_data("gharchive", REAL_HOUR), archive / REAL_HOUR)
    values: dict[str, Any] = {
        "home": tmp_path / "home",
        "oss_directory": write_registry(tmp_path / "registry"),
        "gharchive_url": str(archive),
        "start": dt.date(2015, 1, 1),
        "end": dt.date(2015, 1, 1),
        "retry_delay_s": 0.05,
        **overrides,
    }
    return Settings(**values)


def _defs(settings: Settings) -> dg.Definitions:
    assets = [*build_registry_assets(settings), *build_gharchive_assets(settings)]
    jobs = build_jobs(sources_of(assets), settings)
    keys = [k for a in assets for k in a.keys]
    return dg.Definitions(
        assets=assets,
        jobs=jobs,
        asset_checks=build_source_checks(settings, keys),
        executor=dg.in_process_executor,
    )


def _run(defs: dg.Definitions, job: str, instance: dg.DagsterInstance, **kw: Any) -> Any:
    return defs.resolve_job_def(job).execute_in_process(
        instance=instance, raise_on_error=False, **kw
    )


def _events(result: Any, kind: dg.DagsterEventType) -> list[dg.DagsterEvent]:
    return [e for e in result.all_events if e.event_type == kind]


def _run_context(
    sensor: str, result: Any, instance: dg.DagsterInstance, kind: dg.DagsterEventType
) -> dg.RunStatusSensorContext:
    """What the daemon hands a run-status sensor when ``result``'s run ends with ``kind``."""
    return dg.build_run_status_sensor_context(
        sensor_name=sensor,
        dagster_event=_events(result, kind)[0],
        dagster_instance=instance,
        dagster_run=result.dagster_run,
    )


def test_each_source_has_a_schedule_on_its_cadence_and_gharchive_takes_the_last_hour(
    tmp_path: Path,
) -> None:
    rolling = _settings(tmp_path, end=None, start=None)  # production: the window follows the clock
    assert rolling.rolling
    jobs = {j.name: j for j in build_jobs(sources_of(_defs_assets(rolling)), rolling)}
    schedules = {s.name: s for s in build_schedules(jobs)}
    assert set(schedules) == {"gharchive_schedule"}  # the registry follows a sensor
    hourly = schedules["gharchive_schedule"]
    assert hourly.cron_schedule == "20 * * * *"
    now = dt.datetime.now(dt.UTC).replace(minute=20, second=0, microsecond=0)
    request = hourly(dg.build_schedule_context(scheduled_execution_time=now))
    assert isinstance(request, dg.RunRequest)
    assert request.partition_key == f"{now - dt.timedelta(hours=1):%Y-%m-%d-%H}:00"
    fixed = _settings(tmp_path)  # OSO_END set: the window ends with that day
    jobs = {j.name: j for j in build_jobs(sources_of(_defs_assets(fixed)), fixed)}
    late = build_schedules(jobs)[0](dg.build_schedule_context(scheduled_execution_time=now))
    assert late.partition_key == "2015-01-01-23:00"  # type: ignore[union-attr]
    weeks = weekly_partitions(rolling).get_partition_keys(current_time=now)  # npm, Open Collective
    assert weeks[-1] == f"{now.date() - dt.timedelta(days=now.weekday()):%Y-%m-%d}"


def _defs_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    return [*build_registry_assets(settings), *build_gharchive_assets(settings)]


def test_registry_sensor_resyncs_only_when_a_file_changes(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    sensor = build_registry_sensor(settings)
    first = sensor(dg.build_sensor_context(cursor=None))
    assert [r.job_name for r in first.run_requests] == [None]  # the sensor's own job
    assert sensor.job_name == "ingest_ossd"
    same = sensor(dg.build_sensor_context(cursor=first.cursor))
    assert same.run_requests == [] and same.skip_reason is not None
    project = next((settings.oss_directory / "projects").rglob("*.yaml"))
    project.write_text(project.read_text() + "description: changed\n")
    changed = sensor(dg.build_sensor_context(cursor=first.cursor))
    assert len(changed.run_requests) == 1 and changed.cursor != first.cursor
    assert changed.run_requests[0].run_key != first.run_requests[0].run_key


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]], list[int]]]:
    received: list[dict[str, Any]] = []
    status = [200]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(json.loads(body))
            self.send_response(status[0])
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received, status
    server.shutdown()


def test_a_failed_run_is_not_retried_when_the_input_is_bad_and_posts_an_alert(
    tmp_path: Path, webhook: tuple[str, list[dict[str, Any]], list[int]]
) -> None:
    url, received, status = webhook
    settings = _settings(tmp_path, alert_webhook_url=url, retries=3)
    bad = settings.oss_directory / "projects" / "b" / "broken.yaml"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("version: 7\nname: broken\ngithub: [{url: 12}\n")
    instance = dg.DagsterInstance.ephemeral()
    result = _run(_defs(settings), "ingest_ossd", instance)
    assert not result.success
    assert _events(result, dg.DagsterEventType.STEP_UP_FOR_RETRY) == []  # bad input: no retry
    context = _run_context(
        "alert_on_run_failure", result, instance, dg.DagsterEventType.RUN_FAILURE
    ).for_run_failure()
    sensor = build_alert_sensor(settings)
    sensor(context)
    assert len(received) == 1
    alert = received[0]
    assert alert["job"] == "ingest_ossd" and alert["run_id"] == result.run_id
    assert alert["failed_steps"] == ["ossd"]
    assert alert["url"].endswith(f"/runs/{result.run_id}") and "ingest_ossd" in alert["text"]
    status[0] = 500  # a webhook that fails fails the tick (shown in the UI, retried)
    with pytest.raises(Exception, match="500"):
        sensor(context)


def test_a_transient_failure_is_retried_with_backoff(tmp_path: Path) -> None:
    settings = _settings(tmp_path, retries=2)
    result = _run(
        _defs(settings),
        "ingest_gharchive",
        dg.DagsterInstance.ephemeral(),
        partition_key="2015-01-01-13:00",  # no file for this hour (not published yet)
    )
    assert not result.success
    assert len(_events(result, dg.DagsterEventType.STEP_UP_FOR_RETRY)) == 2
    assert len(_events(result, dg.DagsterEventType.STEP_START)) == 1
    assert len(_events(result, dg.DagsterEventType.STEP_RESTARTED)) == 2


def test_ingest_runs_checks_and_a_landed_run_triggers_dbt(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    defs = _defs(settings)
    instance = dg.DagsterInstance.ephemeral()
    assert _run(defs, "ingest_ossd", instance).success
    result = _run(defs, "ingest_gharchive", instance, partition_key=HOUR_12)
    assert result.success
    checks = {
        (tuple(e.asset_key.path), e.check_name): e  # type: ignore[union-attr]
        for e in (
            ev.event_specific_data
            for ev in _events(result, dg.DagsterEventType.ASSET_CHECK_EVALUATION)
        )
    }
    expected = sum(
        c["events"] for c in expected_counts(Path(settings.gharchive_url) / REAL_HOUR).values()
    )
    row_count = checks[(("dlt", "gharchive", "events"), "row_count")]
    assert row_count.passed and row_count.metadata["rows"].value == expected
    assert checks[(("dlt", "gharchive", "events"), "quarantine")].passed
    assert checks[(("dlt", "gharchive", "events"), "freshness_check")].passed
    jobs = {j.name: j for j in build_jobs(sources_of(_defs_assets(settings)), settings)}
    transform = dg.define_asset_job(TRANSFORM_JOB, selection=dg.AssetSelection.keys("nothing"))
    sensor = build_transform_sensor([jobs["ingest_gharchive"]], transform)
    context = _run_context(
        "transform_after_ingest", result, instance, dg.DagsterEventType.RUN_SUCCESS
    )
    request = sensor(context)
    assert isinstance(request, dg.RunRequest)
    assert request.run_key == f"after-{result.run_id}"


def test_storage_faults_give_a_clear_message(tmp_path: Path) -> None:
    env = {**os.environ, "OSO_HOME": "/sys/oso-cannot-write", "OSO_END": "2015-01-01"}
    done = subprocess.run(
        [sys.executable, "-m", "oso.cli", "run"],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    assert "operation not permitted at /sys/oso-cannot-write" in done.stderr
    assert "Traceback" not in done.stderr
    full = tmp_path / "full"
    full.mkdir()
    (full / ".oso-write-probe").symlink_to("/dev/full")  # the kernel answers ENOSPC
    with pytest.raises(StorageError, match=r"the disk is full at .*full \(.* GiB free"):
        check_writable(full)


def test_a_full_disk_while_staging_fails_at_once_naming_the_hour(tmp_path: Path) -> None:
    settings = _settings(tmp_path, retries=3)
    stage = settings.cache_dir / "gharchive-stage" / "2015-01-01-12"
    stage.mkdir(parents=True)
    (stage / "events.parquet").symlink_to("/dev/full")
    result = _run(
        _defs(settings), "ingest_gharchive", dg.DagsterInstance.ephemeral(), partition_key=HOUR_12
    )
    assert not result.success
    assert _events(result, dg.DagsterEventType.STEP_UP_FOR_RETRY) == []
    failure = _events(result, dg.DagsterEventType.STEP_FAILURE)[0]
    message = str(failure.step_failure_data.error)  # type: ignore[union-attr]
    hour_file = Path(settings.gharchive_url) / REAL_HOUR
    assert f"staging {hour_file}: the disk is full at {stage} (" in message
    assert "corrupt" not in message and not (settings.home / "quarantine").exists()
