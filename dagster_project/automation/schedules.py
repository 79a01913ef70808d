"""Each source on its natural cadence (UTC). Partitioned jobs ask for the latest partition.

GH Archive publishes an hour shortly after it ends: the run at :20 takes the hour just
completed, and a file not there yet fails and is retried with backoff. The registry and EVM
chains follow sensors instead (a changed checkout, new confirmed blocks).
"""

from __future__ import annotations

import dagster as dg

from dagster_project.automation.jobs import ingest_job_name

CADENCE = {
    "gharchive": "20 * * * *",  # hourly
    "github": "0 2 * * *",  # repository metadata, daily
    "git": "0 */6 * * *",  # commits: incremental fetches, four times a day
    "npm": "0 4 * * *",  # npm publishes yesterday's downloads daily
    "opencollective": "0 5 * * *",
    "funding": "30 5 * * *",  # oss-funding changes by pull request
}


def _schedule(
    source: str, cron: str, job: dg.UnresolvedAssetJobDefinition
) -> dg.ScheduleDefinition:
    partitions = job.partitions_def

    @dg.schedule(
        name=f"{source}_schedule",
        cron_schedule=cron,
        job=job,
        execution_timezone="UTC",
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    def schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
        if partitions is None:
            return dg.RunRequest(run_key=None)
        keys = partitions.get_partition_keys(current_time=context.scheduled_execution_time)
        if not keys:
            return dg.SkipReason(f"no {source} partition is complete yet")
        key = keys[-1]
        return dg.RunRequest(run_key=key, partition_key=key)

    return schedule


def build_schedules(
    jobs: dict[str, dg.UnresolvedAssetJobDefinition],
) -> list[dg.ScheduleDefinition]:
    return [
        _schedule(source, cron, jobs[ingest_job_name(source)])
        for source, cron in CADENCE.items()
        if ingest_job_name(source) in jobs
    ]
