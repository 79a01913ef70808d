"""Open Collective transactions into the warehouse (``dlt/opencollective/transactions``).

Weekly partitions; one run can take a range of weeks (single-run backfills). For every
registry collective and week the GraphQL v2 API is read; the CSV exports in
``OSO_OPENCOLLECTIVE_CSV_DIR`` load on every run. A failing (collective, week) or a malformed
CSV file is reported and fails the run at the end, after everything else has loaded.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.guards import registry_or_fail
from dagster_project.opencollective.partitions import weekly_partitions, weeks_of
from dagster_project.translator import OsoDltTranslator, dlt_asset_key, with_metadata
from oso.settings import Settings
from oso.sources.opencollective import opencollective
from oso.sources.opencollective.api import collective_slugs
from oso.sources.opencollective.helpers import (
    Staged,
    combine,
    delete_stale_api_rows,
    stage_api,
    stage_csv,
)
from oso.warehouse import dlt_pipeline


def _stage(context: dg.AssetExecutionContext, settings: Settings) -> tuple[Staged, list[str]]:
    slugs = collective_slugs(registry_or_fail(settings))
    weeks = weeks_of(context.partition_time_window)
    context.log.info(f"Open Collective: {len(slugs)} collective(s), {len(weeks)} week(s)")
    staged = Staged()
    stage_api(settings, slugs, weeks, staged, progress=context.log.info)
    stage_csv(settings.opencollective_csv_dir, slugs, staged)
    return staged, slugs


def build_opencollective_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    pipeline = dlt_pipeline(settings, "opencollective")

    @dlt_assets(
        dlt_source=opencollective(),
        dlt_pipeline=pipeline,
        name="opencollective",
        partitions_def=weekly_partitions(settings),
        backfill_policy=dg.BackfillPolicy.single_run(),
        dagster_dlt_translator=OsoDltTranslator(deps=[dlt_asset_key("ossd", "project_artifacts")]),
    )
    def opencollective_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        staged, slugs = _stage(context, settings)
        table = combine(staged.tables)
        results = []
        if staged.windows or staged.csv_files or not staged.failures:
            results = list(
                DagsterDltResource().run(context=context, dlt_source=opencollective(table))
            )
            delete_stale_api_rows(pipeline, staged.windows, table)
        if staged.failures:
            raise dg.Failure(
                description=f"{len(staged.failures)} Open Collective request(s) or file(s) failed; "
                f"{table.num_rows} other transaction(s) loaded:\n" + "\n".join(staged.failures),
            )
        extra: dict[str, Any] = {
            "collectives": len(slugs),
            "weeks_loaded": sum(len(w) for w in staged.windows.values()),
            "transactions": table.num_rows,
            "csv_files": ", ".join(staged.csv_files),
            "source": settings.opencollective_api_url,
        }
        yield from with_metadata(results, extra)

    return [opencollective_assets]
