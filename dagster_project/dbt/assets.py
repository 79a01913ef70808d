"""The dbt models as assets (keys = model names), built and tested by ``dbt build``.

dbt sources carry ``meta.dagster.asset_key`` = the dlt asset keys, so lineage runs
dlt -> staging -> intermediate -> marts. dbt tests become asset checks; a failing test fails
the step and nothing downstream publishes.
"""

import os
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from dagster_project.dbt.resources import dbt_env, dbt_resource, dbt_vars, prepare_manifest
from oso.settings import Settings


class OsoDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)
        return dg.AssetKey([dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "transform"


def build_dbt_assets(settings: Settings) -> tuple[dg.AssetsDefinition, dict[str, Any]]:
    translator = OsoDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    @dbt_assets(
        manifest=prepare_manifest(settings), dagster_dbt_translator=translator, name="dbt_models"
    )
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        os.environ.update(dbt_env(settings))
        # Unit tests (hand-worked metric expectations) run in CI, not on every materialization.
        args = ["build", "--exclude-resource-type", "unit_test", "--vars", dbt_vars(settings)]
        yield from dbt.cli(args, context=context).stream()

    return dbt_models, {"dbt": dbt_resource(settings)}
