"""Assemble the Definitions from each domain for one set of settings."""

from __future__ import annotations

import dagster as dg

from dagster_project.clickhouse.assets import build_clickhouse_assets
from dagster_project.dbt.assets import build_dbt_assets
from dagster_project.funding.assets import build_funding_assets
from dagster_project.gharchive.assets import build_gharchive_assets
from dagster_project.github.assets import build_github_assets
from dagster_project.npm.assets import build_npm_assets
from dagster_project.opencollective.assets import build_opencollective_assets
from dagster_project.registry.assets import build_registry_assets
from dagster_project.website.assets import build_website_assets
from oso.settings import Settings


def build_definitions(settings: Settings) -> dg.Definitions:
    dbt_assets, dbt_resources = build_dbt_assets(settings)
    return dg.Definitions(
        assets=[
            *build_registry_assets(settings),
            *build_gharchive_assets(settings),
            *build_github_assets(settings),
            *build_npm_assets(settings),
            *build_funding_assets(settings),
            *build_opencollective_assets(settings),
            dbt_assets,
            *build_clickhouse_assets(settings),
            *build_website_assets(settings),
        ],
        resources=dbt_resources,
        # DuckDB and chDB take one writer process: steps run one after another in-process.
        executor=dg.in_process_executor,
    )


def prepare_dynamic_partitions(instance: dg.DagsterInstance, settings: Settings) -> None:
    """Register partitions that depend on the outside world (EVM block ranges) before a run."""
