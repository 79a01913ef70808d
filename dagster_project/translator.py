"""Asset keys of dlt resources: ``dlt/<source>/<resource>`` in every environment."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import dagster as dg
from dagster_dlt import DagsterDltTranslator
from dagster_dlt.translator import DltResourceTranslatorData


class OsoDltTranslator(DagsterDltTranslator):
    def __init__(self, deps: Sequence[dg.AssetKey] = (), group: str = "ingestion") -> None:
        self.deps = list(deps)
        self.group = group

    def get_asset_spec(self, data: DltResourceTranslatorData) -> dg.AssetSpec:
        spec = super().get_asset_spec(data)
        return spec.replace_attributes(
            key=dlt_asset_key(data.resource.source_name, data.resource.name),
            deps=self.deps,
            group_name=self.group,
        )


def dlt_asset_key(source: str, resource: str) -> dg.AssetKey:
    return dg.AssetKey(["dlt", source, resource])


def with_metadata(
    results: Iterable[Any], extra: Mapping[str, Any]
) -> Iterator[dg.MaterializeResult]:
    """The dlt resource's materializations, each with the run's own metadata added."""
    for result in results:
        yield dg.MaterializeResult(
            asset_key=result.asset_key, metadata={**(result.metadata or {}), **extra}
        )
