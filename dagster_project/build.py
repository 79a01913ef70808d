"""Assemble the Definitions from each domain for one set of settings."""

from collections.abc import Callable

import dagster as dg

from dagster_project.automation.alerts import build_alert_sensor
from dagster_project.automation.checks import build_freshness_sensor, build_source_checks
from dagster_project.automation.jobs import TRANSFORM_JOB, build_jobs, sources_of
from dagster_project.automation.schedules import build_schedules
from dagster_project.automation.sensors import build_registry_sensor, build_transform_sensor
from dagster_project.clickhouse.assets import build_clickhouse_assets
from dagster_project.dbt.assets import build_dbt_assets
from dagster_project.evm.assets import build_evm_assets, build_evm_sensors, ensure_evm_tables
from dagster_project.evm.partitions import register_block_partitions
from dagster_project.funding.assets import build_funding_assets
from dagster_project.gharchive.assets import build_gharchive_assets
from dagster_project.git.assets import build_git_assets
from dagster_project.github.assets import build_github_assets
from dagster_project.npm.assets import build_npm_assets
from dagster_project.opencollective.assets import build_opencollective_assets
from dagster_project.placeholder import build_placeholder_assets
from dagster_project.registry.assets import build_registry_assets
from dagster_project.website.assets import build_website_assets
from oso.settings import Settings

SOURCE_BUILDERS: dict[str, Callable[[Settings], list[dg.AssetsDefinition]]] = {
    "github": build_github_assets,
    "git": build_git_assets,
    "npm": build_npm_assets,
    "opencollective": build_opencollective_assets,
    "evm": build_evm_assets,
    "funding": build_funding_assets,
}


def build_source_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    """Every optional source: the real assets if enabled (OSO_SOURCES), else empty-table placeholders."""
    assets: list[dg.AssetsDefinition] = []
    for name, build in SOURCE_BUILDERS.items():
        assets += (
            build(settings)
            if name in settings.sources
            else build_placeholder_assets(settings, name)
        )
    return assets


def _automation(settings: Settings, sources: dict[str, dg.AssetsDefinition]) -> dg.Definitions:
    """Jobs, schedules (enabled sources only), sensors and the raw tables' checks."""
    jobs = build_jobs(sources, settings)
    by_name = {job.name: job for job in jobs}
    enabled = {"ossd", "gharchive", *settings.sources}
    scheduled = {n: j for n, j in by_name.items() if n.removeprefix("ingest_") in enabled}
    raw = [k for s, a in sources.items() if s in enabled for k in a.keys]
    checks = build_source_checks(settings, raw)
    sensors = [
        build_registry_sensor(settings),
        build_transform_sensor(
            [j for j in jobs if j.name != TRANSFORM_JOB], by_name[TRANSFORM_JOB]
        ),
        build_alert_sensor(settings),
        build_freshness_sensor(checks),
    ]
    if "evm" in settings.sources:
        sensors += build_evm_sensors(settings)
    return dg.Definitions(
        jobs=jobs, schedules=build_schedules(scheduled), sensors=sensors, asset_checks=checks
    )


def build_definitions(settings: Settings) -> dg.Definitions:
    dbt_assets, dbt_resources = build_dbt_assets(settings)
    ingest = [
        *build_registry_assets(settings),
        *build_gharchive_assets(settings),
        *build_source_assets(settings),
    ]
    assets = dg.Definitions(
        assets=[
            *ingest,
            dbt_assets,
            *build_clickhouse_assets(settings),
            *build_website_assets(settings),
        ],
        resources=dbt_resources,
        # DuckDB and chDB take one writer process: steps run one after another in-process.
        executor=dg.in_process_executor,
    )
    return dg.Definitions.merge(assets, _automation(settings, sources_of(ingest)))


def prepare_dynamic_partitions(instance: dg.DagsterInstance, settings: Settings) -> None:
    """Register partitions that depend on the outside world (EVM block ranges) before a run."""
    if "evm" in settings.sources:
        ensure_evm_tables(settings)  # dbt's evm models need the tables, even with no endpoint
        if settings.evm_rpc_urls:
            register_block_partitions(instance, settings)
