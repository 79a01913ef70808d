"""Sensors: a changed registry resyncs the directory; landed inputs trigger dbt and publishing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from dagster_project.automation.jobs import REGISTRY_SOURCE, TRANSFORM_JOB, ingest_job_name
from oso.settings import Settings

WAITING = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED]


def registry_fingerprint(root: Path) -> str:
    """A digest of every registry file's path, size and modification time (a stat per file)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def build_registry_sensor(settings: Settings) -> dg.SensorDefinition:
    @dg.sensor(
        name="registry_changed",
        job_name=ingest_job_name(REGISTRY_SOURCE),
        minimum_interval_seconds=300,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=f"Resyncs the registry when a file under {settings.oss_directory} changes.",
    )
    def registry_changed(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        if not settings.oss_directory.is_dir():
            return dg.SensorResult(skip_reason=f"no registry at {settings.oss_directory}")
        fingerprint = registry_fingerprint(settings.oss_directory)
        if fingerprint == context.cursor:
            return dg.SensorResult(skip_reason="registry unchanged")
        return dg.SensorResult(
            run_requests=[dg.RunRequest(run_key=f"registry-{fingerprint}")], cursor=fingerprint
        )

    return registry_changed


def build_transform_sensor(
    ingest_jobs: list[dg.UnresolvedAssetJobDefinition],
    transform_job: dg.UnresolvedAssetJobDefinition,
) -> dg.SensorDefinition:
    @dg.run_status_sensor(
        name="transform_after_ingest",
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=ingest_jobs,
        request_job=transform_job,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="dbt and publishing once an ingestion run has landed its data.",
    )
    def transform_after_ingest(
        context: dg.RunStatusSensorContext,
    ) -> dg.RunRequest | dg.SkipReason:
        waiting = context.instance.get_run_records(
            dg.RunsFilter(job_name=TRANSFORM_JOB, statuses=WAITING), limit=1
        )
        if waiting:  # one queued transform will see this run's data too
            return dg.SkipReason(f"a {TRANSFORM_JOB} run is already waiting")
        return dg.RunRequest(
            run_key=f"after-{context.dagster_run.run_id}",
            tags={"oso/after": context.dagster_run.job_name},
        )

    return transform_after_ingest
