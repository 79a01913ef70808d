"""The jobs everything runs through: one ingestion job per source, then transform-and-publish.

``oso run`` executes these same jobs in-process; the daemon launches them from the schedules
and sensors. Ingestion steps retry transient faults with exponential backoff; a fault that a
retry cannot fix (bad input, a full disk) raises ``Failure(allow_retries=False)`` and fails
at once. Publishing runs in the same job as dbt, after it: a failing dbt model or test fails
the dbt step, the publish steps are skipped and the serving store keeps what it had.
"""

from __future__ import annotations

from collections.abc import Iterable

import dagster as dg

from oso.settings import Settings

TRANSFORM_JOB = "transform_and_publish"
REGISTRY_SOURCE = "ossd"


def ingest_job_name(source: str) -> str:
    return f"ingest_{source}"


def retry_policy(settings: Settings) -> dg.RetryPolicy:
    return dg.RetryPolicy(
        max_retries=settings.retries,
        delay=settings.retry_delay_s,
        backoff=dg.Backoff.EXPONENTIAL,
        jitter=dg.Jitter.PLUS_MINUS,
    )


def sources_of(assets: Iterable[dg.AssetsDefinition]) -> dict[str, dg.AssetsDefinition]:
    """One assets definition per dlt source (``dlt/<source>/*``), the registry first."""
    found: dict[str, dg.AssetsDefinition] = {}
    for definition in assets:
        for key in definition.keys:
            if key.path[0] == "dlt":
                found.setdefault(key.path[1], definition)
    return dict(sorted(found.items(), key=lambda item: item[0] != REGISTRY_SOURCE))


def build_jobs(
    sources: dict[str, dg.AssetsDefinition], settings: Settings
) -> list[dg.UnresolvedAssetJobDefinition]:
    jobs = [
        dg.define_asset_job(
            ingest_job_name(source),
            selection=dg.AssetSelection.key_prefixes(["dlt", source]),
            partitions_def=assets.partitions_def,
            op_retry_policy=retry_policy(settings),
            tags={"oso/stage": "ingest", "oso/source": source},
            description=f"Ingest {source} into the warehouse (dlt/{source}/*).",
        )
        for source, assets in sources.items()
    ]
    transform = dg.AssetSelection.all(include_sources=False) - dg.AssetSelection.key_prefixes(
        ["dlt"]
    )
    jobs.append(
        dg.define_asset_job(
            TRANSFORM_JOB,
            selection=transform,
            tags={"oso/stage": "transform"},
            description="dbt build (models and tests), then publish every mart and the website; "
            "a failing model or test stops the publish.",
        )
    )
    return jobs
