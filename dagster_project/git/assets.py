"""Commits read from git (``dlt/git/commits``, ``dlt/git/heads``), unpartitioned.

Every tracked repository is cloned (first run) or fetched (later runs) into
``OSO_HOME/cache/git`` and its default branch read incrementally since the head loaded last.
A repository that cannot be cloned or read fails the run naming it, after the other
repositories' commits are loaded.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltResource, dlt_assets

from dagster_project.guards import registry_or_fail
from dagster_project.translator import OsoDltTranslator, dlt_asset_key, with_metadata
from oso.registry import tracked_github
from oso.settings import Settings
from oso.sources.git import git
from oso.sources.git.helpers import ReadResult, read_repos
from oso.sources.git.repos import is_local, redact
from oso.sources.git.settings import SYNTHETIC_MARKER
from oso.sources.git.state import (
    delete_replaced,
    loaded_heads,
    owner_repositories,
    repositories_to_read,
)
from oso.warehouse import dataset_name, dlt_pipeline


def _repositories(
    settings: Settings, pipeline: Any, extra: Sequence[str]
) -> tuple[list[str], list[str]]:
    tracked = tracked_github(registry_or_fail(settings))
    owners = owner_repositories(pipeline, dataset_name(settings, "gharchive"), tracked)
    return repositories_to_read(tracked, owners, extra)


def _source_label(base: str) -> str:
    """The base URL without credentials."""
    return base if is_local(base) else redact(base)


def _metadata(settings: Settings, result: ReadResult) -> dict[str, Any]:
    base = settings.git_base_url
    return {
        "repositories": len(result.reads),
        "cloned": sum(r.synced.cloned for r in result.reads),
        "commits_read": sum(r.commits.num_rows for r in result.reads),
        "full_reads": len(result.replaced()),
        "synthetic": is_local(base) and (Path(base).expanduser() / SYNTHETIC_MARKER).is_file(),
        "source": _source_label(base),
    }


def _failure_text(failures: list[str], loaded: int) -> str:
    return f"git: {len(failures)} repositories failed, {loaded} loaded:\n" + "\n".join(failures)


def build_git_assets(
    settings: Settings, repositories: Sequence[str] = ()
) -> list[dg.AssetsDefinition]:
    """The git assets; ``repositories`` (owner/name) are read in addition to the registry's."""
    pipeline = dlt_pipeline(settings, "git")

    @dlt_assets(
        dlt_source=git(),
        dlt_pipeline=pipeline,
        name="git",
        dagster_dlt_translator=OsoDltTranslator(deps=[dlt_asset_key("ossd", "project_artifacts")]),
    )
    def git_assets(context: dg.AssetExecutionContext) -> Iterator[Any]:
        names, failures = _repositories(settings, pipeline, repositories)
        fetched_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        context.log.info(
            f"git: {len(names)} repositories from {_source_label(settings.git_base_url)}"
        )
        result = read_repos(
            settings.git_base_url,
            names,
            settings.cache_dir / "git",
            loaded_heads(pipeline),
            fetched_at,
            settings.git_max_parallel,
            log=context.log.info,
        )
        failures += result.failures
        if failures and not result.reads:
            raise dg.Failure(description=_failure_text(failures, 0))
        source = git(result.commits(), result.heads(fetched_at))
        materialized = list(DagsterDltResource().run(context=context, dlt_source=source))
        delete_replaced(pipeline, result.replaced(), fetched_at)
        if failures:
            raise dg.Failure(description=_failure_text(failures, len(result.reads)))
        extra = _metadata(settings, result)
        yield from with_metadata(materialized, extra)

    return [git_assets]
