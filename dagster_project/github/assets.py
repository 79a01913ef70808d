"""GitHub repositories of the registry from the REST API (``dlt/github/repositories``,
``dlt/github/repository_urls``), unpartitioned: each run resolves every GitHub URL again.

Every answer of the run is fetched and validated first; a malformed answer or a failing
request fails the run naming the request, and nothing of that run is loaded. URLs that do not
resolve (deleted or private repositories, unknown owners) are logged, listed in the
materialization metadata and kept in ``repository_urls`` with a null ``repo_id``.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.guards import registry_or_fail
from dagster_project.translator import OsoDltTranslator, dlt_asset_key, with_metadata
from oso.http import HttpClient, SourceError
from oso.registry.github_urls import registry_targets
from oso.settings import Settings
from oso.sources.github import github
from oso.sources.github.api import GithubApi
from oso.sources.github.cache import EtagCache
from oso.sources.github.helpers import Resolution, resolve
from oso.sources.github.settings import API_HEADERS, SOURCE
from oso.warehouse import dlt_pipeline


def _resolve(context: dg.AssetExecutionContext, settings: Settings) -> Resolution:
    targets = registry_targets(registry_or_fail(settings))
    owners = sum(1 for t in targets if t.repo is None)
    context.log.info(f"github: {owners} owner URL(s), {len(targets) - owners} repository URL(s)")
    client = HttpClient(
        SOURCE,
        settings.github_api_url,
        token=settings.github_token,
        headers=API_HEADERS,
        timeout_s=settings.http_timeout_s,
        max_retry_s=settings.http_max_retry_s,
    )
    api = GithubApi(client, EtagCache(settings.cache_dir / SOURCE), settings.http_max_retry_s)
    fetched_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    try:
        with client:
            return resolve(api, targets, fetched_at)
    except SourceError as exc:
        raise dg.Failure(description=f"{exc}\nNothing of this run was loaded.") from exc


def build_github_assets(settings: Settings) -> list[dg.AssetsDefinition]:
    @dlt_assets(
        dlt_source=github(),
        dlt_pipeline=dlt_pipeline(settings, SOURCE),
        name=SOURCE,
        dagster_dlt_translator=OsoDltTranslator(deps=[dlt_asset_key("ossd", "project_artifacts")]),
    )
    def github_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        resolution = _resolve(context, settings)
        if resolution.unresolved:
            context.log.warning(f"github: did not resolve: {', '.join(resolution.unresolved)}")
        results = list(DagsterDltResource().run(context=context, dlt_source=github(resolution)))
        extra: dict[str, Any] = {
            "repositories": resolution.repositories.num_rows,
            "urls": resolution.urls.num_rows,
            "unresolved": resolution.unresolved,
            "requests": resolution.requests,
            "not_modified": resolution.not_modified,
            "synthetic": resolution.synthetic,
            "source": settings.github_api_url,
        }
        yield from with_metadata(results, extra)

    return [github_assets]
