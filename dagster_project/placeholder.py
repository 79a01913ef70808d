"""Assets for a source that is switched off (not in OSO_SOURCES): same keys, empty tables.

dbt reads every source's raw tables, so a switched-off source still creates them (empty, with
their real columns) and touches nothing already loaded: appending zero rows.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
import dlt
import pyarrow as pa
from dagster_dlt import DagsterDltResource, dlt_assets
from dlt.sources import DltResource

from dagster_project.translator import OsoDltTranslator
from oso.settings import Settings
from oso.sources.catalog import raw_schemas
from oso.warehouse import dlt_pipeline


def _empty_source(name: str, schemas: dict[str, pa.Schema]) -> Any:
    @dlt.source(name=name, max_table_nesting=0)
    def switched_off() -> Iterator[DltResource]:
        for table, schema in schemas.items():
            yield dlt.resource([schema.empty_table()], name=table, write_disposition="append")

    return switched_off()


def build_placeholder_assets(settings: Settings, name: str) -> list[dg.AssetsDefinition]:
    schemas = raw_schemas(name)

    @dlt_assets(
        dlt_source=_empty_source(name, schemas),
        dlt_pipeline=dlt_pipeline(settings, name),
        name=name,
        dagster_dlt_translator=OsoDltTranslator(),
    )
    def switched_off_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        context.log.info(
            f"source {name} is not in OSO_SOURCES: ensuring its raw tables exist, loading nothing"
        )
        yield from DagsterDltResource().run(
            context=context, dlt_source=_empty_source(name, schemas)
        )

    return [switched_off_assets]
