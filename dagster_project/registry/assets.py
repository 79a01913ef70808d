"""The oss-directory registry, validated and loaded into the warehouse (``dlt/ossd/*``)."""

from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.guards import registry_or_fail
from dagster_project.translator import OsoDltTranslator
from oso.settings import Settings
from oso.sources.ossd import ossd
from oso.warehouse import dlt_pipeline


def build_registry_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    @dlt_assets(
        dlt_source=ossd(),
        dlt_pipeline=dlt_pipeline(settings, "ossd"),
        name="ossd",
        dagster_dlt_translator=OsoDltTranslator(group="registry"),
    )
    def ossd_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        registry = registry_or_fail(settings)
        context.log.info(
            f"registry {settings.oss_directory}: {len(registry.projects)} projects, "
            f"{len(registry.collections)} collections"
        )
        yield from DagsterDltResource().run(context=context, dlt_source=ossd(registry))

    return [ossd_assets]
