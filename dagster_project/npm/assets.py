"""npm daily downloads, week by week, into the warehouse (``dlt/npm/downloads``).

One run can take a range of weeks (single-run backfills). Every answer of the run is fetched
and validated first: a malformed answer fails the run naming the package and the request,
and nothing of that run is loaded (earlier weeks stay as they were). Packages the API does
not know are logged and listed in the materialization metadata. Weeks that come back with no
rows are cleared.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.guards import registry_or_fail
from dagster_project.npm.partitions import weekly_partitions, weeks_of
from dagster_project.translator import OsoDltTranslator, dlt_asset_key, with_metadata
from oso.http import HttpClient, SourceError
from oso.settings import Settings
from oso.sources.npm import npm
from oso.sources.npm.helpers import Downloads, fetch_downloads
from oso.sources.npm.packages import registry_packages
from oso.sources.npm.settings import RESOURCE
from oso.warehouse import delete_partitions, dlt_pipeline


def _fetch(
    context: dg.AssetExecutionContext, settings: Settings, weeks: list[dt.date]
) -> Downloads:
    packages = registry_packages(registry_or_fail(settings))
    start, end = weeks[0], min(weeks[-1] + dt.timedelta(days=6), settings.as_of)
    context.log.info(f"npm: {len(packages)} packages, {start} .. {end} ({len(weeks)} week(s))")
    client = HttpClient(
        "npm",
        settings.npm_downloads_url,
        timeout_s=settings.http_timeout_s,
        max_retry_s=settings.http_max_retry_s,
    )
    try:
        with client:
            return fetch_downloads(client, packages, start, end)
    except SourceError as exc:
        raise dg.Failure(description=f"{exc}\nNothing of this run was loaded.") from exc


def build_npm_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    pipeline = dlt_pipeline(settings, "npm")

    @dlt_assets(
        dlt_source=npm(),
        dlt_pipeline=pipeline,
        name="npm",
        partitions_def=weekly_partitions(settings),
        backfill_policy=dg.BackfillPolicy.single_run(),
        dagster_dlt_translator=OsoDltTranslator(deps=[dlt_asset_key("ossd", "project_artifacts")]),
    )
    def npm_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        weeks = weeks_of(context.partition_time_window)
        fetched = _fetch(context, settings, weeks)
        results = list(DagsterDltResource().run(context=context, dlt_source=npm(fetched.table)))
        loaded = set(fetched.table.column("week").to_pylist())
        delete_partitions(
            pipeline, RESOURCE, "week", [week for week in weeks if week not in loaded]
        )
        if fetched.not_found:
            context.log.warning(f"npm: not found: {', '.join(fetched.not_found)}")
        extra: dict[str, Any] = {
            "weeks": len(weeks),
            "rows": fetched.table.num_rows,
            "requests": fetched.requests,
            "packages_loaded": len(set(fetched.table.column("package").to_pylist())),
            "not_found": fetched.not_found,
            "synthetic": fetched.synthetic,
            "source": settings.npm_downloads_url,
        }
        yield from with_metadata(results, extra)

    return [npm_assets]
