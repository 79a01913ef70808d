"""``oso run``: materialize the whole asset graph for the configured window.

Runs go through a persistent Dagster instance under ``OSO_HOME/dagster`` so the Dagster UI
started later shows them. The registry loads first; then each source, one run per source
(a time-partitioned source takes every partition of the window in one single-run backfill;
dynamic partitions, e.g. EVM block ranges, are registered first); then dbt, publishing and
the website.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import dagster as dg

from oso.settings import REPO_ROOT, Settings
from oso.storage import check_writable

log = logging.getLogger(__name__)
LOCAL_INSTANCE_YAML = REPO_ROOT / "deploy" / "dagster.local.yaml"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
PID_TAG = "oso/pid"  # the process executing an in-process run, to tell a dead run from a live one
_QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}  # progress, not every event


def prepare_dagster_home(settings: Settings) -> Path:
    """OSO_HOME/dagster with its instance config (deploy/dagster.local.yaml) if it has none."""
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    config = settings.dagster_home / "dagster.yaml"
    if not config.exists():
        shutil.copy(LOCAL_INSTANCE_YAML, config)
    return settings.dagster_home


def dagster_instance(settings: Settings) -> dg.DagsterInstance:
    """The persistent instance under OSO_HOME/dagster, shared with ``oso serve --dagster``."""
    os.environ["DAGSTER_HOME"] = str(prepare_dagster_home(settings))
    instance = dg.DagsterInstance.get()
    fail_orphaned_runs(instance)
    return instance


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def fail_orphaned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Runs of an ``oso run`` whose process died (killed, power cut) are marked failed instead
    of staying STARTED for ever; their partitions load again, once, on the next run."""
    running = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING]
    orphaned = []
    for record in instance.get_run_records(dg.RunsFilter(statuses=running)):
        run = record.dagster_run
        pid = run.tags.get(PID_TAG)
        if pid is None or _alive(int(pid)):
            continue
        message = f"the process running it (pid {pid}) ended before the run finished"
        instance.report_run_failed(run, message=message)
        log.warning("run %s of %s: %s; marked failed", run.run_id, run.job_name, message)
        orphaned.append(run.run_id)
    return orphaned


def _execute(
    defs: dg.Definitions, instance: dg.DagsterInstance, job_name: str, **tags: str
) -> bool:
    job = defs.resolve_job_def(job_name)
    result = job.execute_in_process(
        instance=instance,
        tags={**tags, PID_TAG: str(os.getpid())},
        raise_on_error=False,
        run_config=_QUIET,
    )
    if not result.success:
        for event in result.all_events:
            if event.is_step_failure and event.step_failure_data:
                log.error("%s failed: %s", event.step_key, event.step_failure_data.error)
    return result.success


def _partition_keys(
    assets: dg.AssetsDefinition, instance: dg.DagsterInstance, hours: tuple[str, str] | None
) -> list[str]:
    partitions = assets.partitions_def
    assert partitions is not None
    keys = list(partitions.get_partition_keys(dynamic_partitions_store=instance))
    if hours is not None and isinstance(partitions, dg.HourlyPartitionsDefinition):
        unknown = [h for h in hours if h not in keys]
        if unknown:
            raise ValueError(f"hours {unknown} are outside the window {keys[0]} .. {keys[-1]}")
        keys = keys[keys.index(hours[0]) : keys.index(hours[1]) + 1]
    return keys


def _ingest(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    settings: Settings,
    hours: tuple[str, str] | None,
) -> bool:
    from dagster_project.automation.jobs import ingest_job_name, sources_of
    from dagster_project.build import prepare_dynamic_partitions

    prepare_dynamic_partitions(instance, settings)
    sources = sources_of(defs.get_repository_def().assets_defs_by_key.values())
    for source, assets in sources.items():
        job = ingest_job_name(source)
        if assets.partitions_def is None:
            ok = _execute(defs, instance, job)
        else:
            keys = _partition_keys(assets, instance, hours)
            if not keys:
                log.info("%s: no partitions in the window", source)
                continue
            log.info("%s: %d partitions %s .. %s", source, len(keys), keys[0], keys[-1])
            ok = _execute(
                defs, instance, job, **{RANGE_START_TAG: keys[0], RANGE_END_TAG: keys[-1]}
            )
        if not ok:
            return False
    return True


def run_pipeline(
    settings: Settings,
    *,
    skip_ingestion: bool = False,
    ingest_only: bool = False,
    hours: tuple[str, str] | None = None,
) -> bool:
    """Materialize everything; returns False (after logging why) if any step failed.

    ``hours`` limits GH Archive to a range of hourly partition keys (``YYYY-MM-DD-HH:00``).
    """
    from dagster_project.automation.jobs import TRANSFORM_JOB
    from dagster_project.build import build_definitions

    check_writable(settings.home, settings.dagster_home, settings.cache_dir)
    instance = dagster_instance(settings)
    defs = build_definitions(settings)
    log.info(
        "window %s .. %s (as of %s), OSO_HOME=%s",
        settings.window_start,
        settings.as_of,
        settings.as_of,
        settings.home,
    )
    if not skip_ingestion and not _ingest(defs, instance, settings, hours):
        return False
    if ingest_only:
        return True
    return _execute(defs, instance, TRANSFORM_JOB)
