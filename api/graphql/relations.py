"""The relationships between marts that OSO's GraphQL lacked (clients joined by hand).

Each :class:`Relation` adds a field to a parent mart's object type that reads related rows
of a target mart, batched per response level (see :mod:`api.graphql.related`). A relation is
served only when every mart it touches is published and has the columns it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from api.sql_batch import Bridge
from oso.marts import MartSpec

METRICS_MART = "metrics_v0"


@dataclass(frozen=True)
class Relation:
    parent: str  # the mart whose type gets the field
    field: str  # GraphQL field name
    target: str  # the mart the field reads
    parent_key: str  # parent column holding the key
    target_key: str  # target column matched to it (through the bridge, if any)
    description: str
    many: bool = True
    bridge: Bridge | None = None
    metric_filter: bool = False  # a metricNames argument (metric_id named in metrics_v0)
    date_range: bool = False  # from / to arguments on sample_date

    def marts(self) -> tuple[str, ...]:
        extra: tuple[str, ...] = (self.bridge.mart,) if self.bridge else ()
        extra += (METRICS_MART,) if self.metric_filter else ()
        return (self.parent, self.target, *extra)


def _entity_metrics(parent: str, key: str, entity: str) -> tuple[Relation, ...]:
    return (
        Relation(
            parent, "keyMetrics", f"key_metrics_by_{entity}_v0", key, key,
            f"Current values of this {entity}'s metrics (optionally only the named metrics).",
            metric_filter=True,
        ),
        Relation(
            parent, "timeseries", f"timeseries_metrics_by_{entity}_v0", key, key,
            f"This {entity}'s metric time series: the named metrics, sample dates from..to.",
            metric_filter=True, date_range=True,
        ),
    )  # fmt: skip


def _back_link(parent: str, field: str, target: str, key: str) -> Relation:
    return Relation(parent, field, target, key, key, f"The {field} of this row.", many=False)


_PROJECT_OF = (
    "code_metrics_by_project_v1", "onchain_metrics_by_project_v1", "funding_metrics_by_project_v1",
    "artifacts_by_project_v1", "projects_by_collection_v1", "key_metrics_by_project_v0",
    "timeseries_metrics_by_project_v0", "event_indexing_status_by_project_v1",
)  # fmt: skip
_METRIC_OF = tuple(
    f"{kind}_metrics_by_{entity}_v0"
    for kind in ("key", "timeseries")
    for entity in ("artifact", "project", "collection")
)

RELATIONS: tuple[Relation, ...] = (
    Relation(
        "projects_v1", "artifacts", "artifacts_by_project_v1", "project_id", "project_id",
        "The project's artifacts: repositories, packages, contracts and addresses.",
    ),
    Relation(
        "projects_v1", "collections", "collections_v1", "project_id", "collection_id",
        "The collections the project belongs to.",
        bridge=Bridge("projects_by_collection_v1", "project_id", "collection_id"),
    ),
    Relation(
        "projects_v1", "codeMetrics", "code_metrics_by_project_v1", "project_id", "project_id",
        "The project's GitHub code metrics.", many=False,
    ),
    Relation(
        "projects_v1", "onchainMetrics", "onchain_metrics_by_project_v1", "project_id",
        "project_id", "The project's onchain metrics, one row per network.",
    ),
    Relation(
        "projects_v1", "fundingMetrics", "funding_metrics_by_project_v1", "project_id",
        "project_id", "The project's funding metrics, one row per funding source.",
    ),
    *_entity_metrics("projects_v1", "project_id", "project"),
    Relation(
        "collections_v1", "projects", "projects_v1", "collection_id", "project_id",
        "The projects in this collection.",
        bridge=Bridge("projects_by_collection_v1", "collection_id", "project_id"),
    ),
    *_entity_metrics("collections_v1", "collection_id", "collection"),
    Relation(
        "artifacts_v1", "projects", "projects_v1", "artifact_id", "project_id",
        "The projects that list this artifact (usually one).",
        bridge=Bridge("artifacts_by_project_v1", "artifact_id", "project_id"),
    ),
    Relation(
        "artifacts_v1", "project", "projects_v1", "artifact_id", "project_id",
        "The project that lists this artifact (the first by project_id if several do).",
        many=False, bridge=Bridge("artifacts_by_project_v1", "artifact_id", "project_id"),
    ),
    *_entity_metrics("artifacts_v1", "artifact_id", "artifact"),
    *(_back_link(mart, "project", "projects_v1", "project_id") for mart in _PROJECT_OF),
    _back_link("artifacts_by_project_v1", "artifact", "artifacts_v1", "artifact_id"),
    _back_link("projects_by_collection_v1", "collection", "collections_v1", "collection_id"),
    *(_back_link(mart, "metric", METRICS_MART, "metric_id") for mart in _METRIC_OF),
    _back_link("key_metrics_by_artifact_v0", "artifact", "artifacts_v1", "artifact_id"),
    _back_link("timeseries_metrics_by_artifact_v0", "artifact", "artifacts_v1", "artifact_id"),
    _back_link("key_metrics_by_collection_v0", "collection", "collections_v1", "collection_id"),
    _back_link(
        "timeseries_metrics_by_collection_v0", "collection", "collections_v1", "collection_id"
    ),
)  # fmt: skip


def _has_columns(rel: Relation, specs: Mapping[str, MartSpec]) -> bool:
    needed = [(rel.parent, rel.parent_key)]
    if rel.bridge:
        needed += [(rel.bridge.mart, rel.bridge.parent_column)]
        needed += [(rel.bridge.mart, rel.bridge.target_column), (rel.target, rel.target_key)]
    else:
        needed.append((rel.target, rel.target_key))
    if rel.date_range:
        needed.append((rel.target, "sample_date"))
    if rel.metric_filter:
        needed += [(rel.target, "metric_id"), (METRICS_MART, "metric_name")]
    return all(column in specs[mart].column_names for mart, column in needed)


def active_relations(specs: Mapping[str, MartSpec]) -> list[Relation]:
    """The relations whose marts are all published with the columns they use."""
    return [
        rel
        for rel in RELATIONS
        if all(m in specs for m in rel.marts()) and _has_columns(rel, specs)
    ]
