"""``clickhouse/<mart>``: each published dbt mart copied into the serving store atomically."""

import dagster as dg

from oso.marts import MartSpec, load_published_marts
from oso.serving.lease import open_store
from oso.serving.publish import PublishError, TableSpec
from oso.settings import Settings
from oso.warehouse import read_mart


def _publish_asset(settings: Settings, spec: MartSpec) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["clickhouse", spec.name]),
        deps=[dg.AssetKey([spec.name])],
        group_name="serving",
        kinds={"clickhouse"},
        description=f"{spec.name} published to ClickHouse (staging table, checks, EXCHANGE TABLES).",
    )
    def publish(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        table = read_mart(settings, spec.name)
        if table.column_names != spec.column_names:
            raise dg.Failure(
                description=f"mart {spec.name} has columns {table.column_names}, "
                f"its dbt contract says {spec.column_names}; nothing was published"
            )
        table_spec = TableSpec(spec.name, spec.order_by, spec.clickhouse_types())
        try:
            with open_store(settings) as store:
                result = store.publish(table_spec, table)
        except PublishError as exc:
            raise dg.Failure(description=str(exc)) from exc
        context.log.info(f"published {spec.name}: {result.rows} rows")
        return dg.MaterializeResult(
            metadata={
                "rows": result.rows,
                "replaced_previous": result.replaced_previous,
                "published_at": result.published_at,
            }
        )

    return publish


def build_clickhouse_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    return [_publish_asset(settings, spec) for spec in load_published_marts().values()]


def clickhouse_asset_keys() -> list[dg.AssetKey]:
    return [dg.AssetKey(["clickhouse", name]) for name in load_published_marts()]
