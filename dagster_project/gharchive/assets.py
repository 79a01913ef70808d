"""GH Archive, hour by hour, into the warehouse (``dlt/gharchive/events``, ``.../push_commits``).

One run can take a range of hours (single-run backfills): each file is staged on its own,
good hours load, and a missing, corrupt or truncated file fails the run naming the file
while the other hours' data is loaded and intact.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.gharchive.partitions import hourly_partitions, hours_of
from dagster_project.translator import OsoDltTranslator, dlt_asset_key, with_metadata
from oso.http import DownloadError
from oso.registry import RegistryError, load_registry, tracked_github
from oso.settings import Settings
from oso.sources.gharchive import gharchive
from oso.sources.gharchive.helpers import (
    GhArchiveFileError,
    StagedHour,
    clear_stage,
    locate_hour,
    stage_hour,
)
from oso.sources.gharchive.synthetic_marker import is_synthetic
from oso.warehouse import delete_partitions, dlt_pipeline


def _stage_all(
    context: dg.AssetExecutionContext, settings: Settings
) -> tuple[list[StagedHour], list[str]]:
    try:
        tracked = tracked_github(load_registry(settings.oss_directory))
    except RegistryError as exc:
        raise dg.Failure(description=str(exc)) from exc
    hours = hours_of(context.partition_time_window)
    staged, failures = [], []
    for i, hour in enumerate(hours, 1):
        stage_dir = settings.cache_dir / "gharchive-stage" / f"{hour:%Y-%m-%d-%H}"
        try:
            path = locate_hour(
                settings.gharchive_url,
                hour,
                settings.cache_dir / "gharchive",
                settings.http_timeout_s,
                settings.http_max_retry_s,
            )
            staged.append(stage_hour(path, hour, tracked, stage_dir, source=str(path)))
        except (GhArchiveFileError, DownloadError) as exc:
            failures.append(str(exc))
        if i % 24 == 0 or i == len(hours):
            context.log.info(f"GH Archive: staged {i}/{len(hours)} hours ({len(failures)} failed)")
    return staged, failures


def build_gharchive_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    pipeline = dlt_pipeline(settings, "gharchive")

    @dlt_assets(
        dlt_source=gharchive(),
        dlt_pipeline=pipeline,
        name="gharchive",
        partitions_def=hourly_partitions(settings),
        backfill_policy=dg.BackfillPolicy.single_run(),
        dagster_dlt_translator=OsoDltTranslator(deps=[dlt_asset_key("ossd", "project_artifacts")]),
    )
    def gharchive_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        staged, failures = _stage_all(context, settings)
        results = []
        if staged:
            results = list(DagsterDltResource().run(context=context, dlt_source=gharchive(staged)))
            delete_partitions(pipeline, "events", "hour", [s.hour for s in staged if s.kept == 0])
            delete_partitions(
                pipeline, "push_commits", "hour", [s.hour for s in staged if s.commits_rows == 0]
            )
            for s in staged:
                clear_stage(s.events.parent)
        if failures:
            raise dg.Failure(
                description=f"{len(failures)} GH Archive file(s) failed; {len(staged)} other hour(s) loaded:\n"
                + "\n".join(failures),
            )
        extra: dict[str, Any] = {
            "hours": len(staged),
            "events_scanned": sum(s.scanned for s in staged),
            "events_kept": sum(s.kept for s in staged),
            "synthetic": is_synthetic(settings),
            "source": settings.gharchive_url,
        }
        yield from with_metadata(results, extra)

    return [gharchive_assets]
