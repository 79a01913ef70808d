"""GH Archive, hour by hour, into the warehouse (``dlt/gharchive/events``, ``.../push_commits``).

One run can take a range of hours: each file is staged on its own and good hours load. A
corrupt or truncated file is quarantined (``OSO_HOME/quarantine/gharchive``, with the reason)
and the run goes on; the ``quarantine`` check reports it. A missing file (not published yet)
fails the run naming the file after the other hours are loaded, so the retry policy tries
again. A full disk or a permission error fails at once with a message saying where.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.gharchive.partitions import hourly_partitions, hours_of
from dagster_project.guards import fail_on_storage_fault, registry_or_fail
from dagster_project.translator import OsoDltTranslator, dlt_asset_key, with_metadata
from oso.http import DownloadError
from oso.quarantine import quarantine, release
from oso.registry import tracked_github
from oso.registry.tables import TrackedGithub
from oso.settings import Settings
from oso.sources.gharchive import gharchive
from oso.sources.gharchive.helpers import (
    GhArchiveCorruptError,
    GhArchiveMissingError,
    StagedHour,
    clear_stage,
    hour_file_name,
    locate_hour,
    stage_hour,
)
from oso.sources.gharchive.synthetic_marker import is_synthetic
from oso.warehouse import delete_partitions, dlt_pipeline


@dataclass
class Staging:
    staged: list[StagedHour] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # transient: the run fails and is retried
    quarantined: list[str] = field(default_factory=list)  # corrupt: moved aside, the run goes on


def _stage_one(settings: Settings, hour: dt.datetime, tracked: TrackedGithub) -> StagedHour:
    stage_dir = settings.cache_dir / "gharchive-stage" / f"{hour:%Y-%m-%d-%H}"
    with fail_on_storage_fault(stage_dir, f"staging GH Archive hour {hour:%Y-%m-%d %H}:00"):
        path = locate_hour(
            settings.gharchive_url,
            hour,
            settings.cache_dir / "gharchive",
            settings.http_timeout_s,
            settings.http_max_retry_s,
        )
        return stage_hour(path, hour, tracked, stage_dir, source=str(path))


def _stage_all(context: dg.AssetExecutionContext, settings: Settings) -> Staging:
    tracked = tracked_github(registry_or_fail(settings))
    hours = hours_of(context.partition_time_window)
    staging = Staging()
    for i, hour in enumerate(hours, 1):
        try:
            staging.staged.append(_stage_one(settings, hour, tracked))
        except GhArchiveCorruptError as exc:
            moved = quarantine(settings.home, "gharchive", exc.path, str(exc))
            context.log.warning(f"{exc}\nquarantined as {moved}; the other hours go on")
            staging.quarantined.append(str(moved))
        except (GhArchiveMissingError, DownloadError) as exc:
            staging.missing.append(str(exc))
        if i % 24 == 0 or i == len(hours):
            context.log.info(
                f"GH Archive: staged {i}/{len(hours)} hours ({len(staging.missing)} missing, "
                f"{len(staging.quarantined)} quarantined)"
            )
    return staging


def build_gharchive_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    pipeline = dlt_pipeline(settings, "gharchive")

    @dlt_assets(
        dlt_source=gharchive(),
        dlt_pipeline=pipeline,
        name="gharchive",
        partitions_def=hourly_partitions(settings),
        # a backfill runs a day of hours per run, queued under the instance's backfill limit
        backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=24),
        dagster_dlt_translator=OsoDltTranslator(deps=[dlt_asset_key("ossd", "project_artifacts")]),
    )
    def gharchive_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        staging = _stage_all(context, settings)
        staged, results = staging.staged, []
        if staged:
            with fail_on_storage_fault(settings.home, "loading GH Archive into the warehouse"):
                results = list(
                    DagsterDltResource().run(context=context, dlt_source=gharchive(staged))
                )
                delete_partitions(
                    pipeline, "events", "hour", [s.hour for s in staged if s.kept == 0]
                )
                delete_partitions(
                    pipeline,
                    "push_commits",
                    "hour",
                    [s.hour for s in staged if s.commits_rows == 0],
                )
            release(settings.home, "gharchive", [hour_file_name(s.hour) for s in staged])
            for s in staged:
                clear_stage(s.events.parent)
        if staging.missing:  # not published yet, or the network: worth a retry
            raise dg.Failure(
                description=f"{len(staging.missing)} GH Archive file(s) missing; "
                f"{len(staged)} other hour(s) loaded:\n" + "\n".join(staging.missing),
            )
        extra: dict[str, Any] = {
            "hours": len(staged),
            "events_scanned": sum(s.scanned for s in staged),
            "events_kept": sum(s.kept for s in staged),
            "synthetic": is_synthetic(settings),
            "source": settings.gharchive_url,
            "quarantined": staging.quarantined,
        }
        yield from with_metadata(results, extra)

    return [gharchive_assets]
