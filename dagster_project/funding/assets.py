"""oss-funding grants, funders and DAOIP-5 documents into the warehouse (``dlt/funding/*``).

Unpartitioned: every run re-reads the whole folder (``OSO_FUNDING_DIR``) and upserts, so a
re-run never duplicates. Malformed rows and files are skipped and reported: one warning per
issue in the run's log, the list in each asset's materialization metadata (``load_issues``)
and the ``funding.load_issues`` table. A folder that cannot be read at all fails the run and
loads nothing. With no folder configured the tables are created empty.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.translator import OsoDltTranslator
from oso.settings import Settings
from oso.sources.funding import funding
from oso.sources.funding.helpers import FundingData, FundingFolderError, load_funding_folder
from oso.warehouse import dlt_pipeline

MAX_LISTED_ISSUES = 200  # metadata lists at most this many (the table holds them all)


def _read(context: dg.AssetExecutionContext, settings: Settings) -> FundingData:
    if settings.funding_dir is None:
        context.log.warning("OSO_FUNDING_DIR is not set: the funding tables are loaded empty")
        return FundingData.empty()
    try:
        data = load_funding_folder(settings.funding_dir)
    except FundingFolderError as exc:
        raise dg.Failure(
            description=f"{exc}\nNothing of this run was loaded.", allow_retries=False
        ) from exc
    counts = ", ".join(f"{name} {table.num_rows}" for name, table in data.tables.items())
    context.log.info(f"oss-funding {data.folder}: {counts}")
    for issue in data.issues:
        context.log.warning(f"oss-funding: {issue}")
    return data


def _metadata(data: FundingData, resource: str) -> dict[str, Any]:
    issues = data.issues_of(resource)
    listed = "\n".join(str(i) for i in issues[:MAX_LISTED_ISSUES])
    if len(issues) > MAX_LISTED_ISSUES:
        listed += f"\n... and {len(issues) - MAX_LISTED_ISSUES} more (see funding.load_issues)"
    return {
        "rows": data.tables[resource].num_rows,
        "skipped": sum(1 for i in issues if i.severity == "error"),
        "warnings": sum(1 for i in issues if i.severity != "error"),
        "load_issues": dg.MetadataValue.text(listed or "none"),
        "source": str(data.folder) if data.folder else "(none: OSO_FUNDING_DIR unset)",
        "synthetic": data.synthetic,
    }


def build_funding_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    @dlt_assets(
        dlt_source=funding(),
        dlt_pipeline=dlt_pipeline(settings, "funding"),
        name="funding",
        dagster_dlt_translator=OsoDltTranslator(),
    )
    def funding_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        data = _read(context, settings)
        for result in DagsterDltResource().run(context=context, dlt_source=funding(data)):
            assert result.asset_key is not None
            resource = result.asset_key.path[-1]
            yield dg.MaterializeResult(
                asset_key=result.asset_key,
                metadata={**(result.metadata or {}), **_metadata(data, resource)},
            )

    return [funding_assets]
