"""``clickhouse/<mart>``: each published dbt mart copied into the serving store atomically.

The work is ``oso.serving.from_warehouse.publish_from_warehouse``, shared with ``oso publish``.
"""

import dagster as dg

from oso.marts import MartSpec, load_published_marts
from oso.serving.from_warehouse import publish_from_warehouse
from oso.serving.lease import open_store
from oso.serving.publish import PublishError
from oso.settings import Settings


def _publish_asset(settings: Settings, spec: MartSpec) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["clickhouse", spec.name]),
        deps=[dg.AssetKey([spec.name])],
        group_name="serving",
        kinds={"clickhouse"},
        description=f"{spec.name} published to ClickHouse (staging table, checks, EXCHANGE "
        "TABLES; the replaced table kept as a version for rollback).",
    )
    def publish(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        try:
            with open_store(settings) as store:
                result = publish_from_warehouse(store, settings, spec)
        except PublishError as exc:
            raise dg.Failure(description=str(exc)) from exc
        context.log.info(f"published {spec.name}: {result.rows} rows as {result.version}")
        return dg.MaterializeResult(
            metadata={
                "rows": result.rows,
                "version": result.version,
                "retired_version": result.retired_version or "",
                "pruned_versions": ", ".join(result.pruned),
                "published_at": result.published_at,
            }
        )

    return publish


def build_clickhouse_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    return [_publish_asset(settings, spec) for spec in load_published_marts().values()]


def clickhouse_asset_keys() -> list[dg.AssetKey]:
    return [dg.AssetKey(["clickhouse", name]) for name in load_published_marts()]
