"""``website/site``: the static website, rebuilt from the published marts."""

import dagster as dg

from dagster_project.clickhouse.assets import clickhouse_asset_keys
from oso.serving.lease import open_store
from oso.settings import Settings
from oso.sources.gharchive.synthetic_marker import is_synthetic
from website.build import build_site


def build_website_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    @dg.asset(
        key=dg.AssetKey(["website", "site"]), deps=clickhouse_asset_keys(), group_name="serving"
    )
    def site(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        with open_store(settings) as store:
            result = build_site(
                store,
                settings.site_dir,
                as_of=settings.as_of,
                window_start=settings.window_start,
                synthetic=is_synthetic(settings),
                api_url=f"http://{settings.api_host}:{settings.api_port}",
            )
        context.log.info(f"website: {result}")
        return dg.MaterializeResult(
            metadata={"path": str(settings.site_dir), "result": str(result)}
        )

    return [site]
