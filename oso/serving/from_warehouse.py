"""Publish dbt marts from the warehouse into the serving store.

One code path for the Dagster assets ``clickhouse/<mart>`` and ``oso publish``: read the
mart as Arrow, check its columns against the dbt contract, count its rows in the warehouse
(the count the staging table must match) and publish it with the spec from ``oso.marts``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import duckdb

from oso.marts import MartSpec, load_published_marts
from oso.serving.errors import PublishError, VersionError
from oso.serving.lease import open_store
from oso.serving.publish import PublishResult
from oso.serving.store import ServingStore
from oso.settings import Settings, Target
from oso.warehouse import MARTS_SCHEMA, read_mart


def warehouse_row_count(settings: Settings, name: str) -> int:
    """``count(*)`` of the mart in the warehouse, counted apart from the read."""
    if settings.target is Target.EMBEDDED:
        with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
            row = con.execute(f'select count(*) from "{MARTS_SCHEMA}"."{name}"').fetchone()
            return int(row[0]) if row else 0
    from google.cloud import bigquery

    client = bigquery.Client(project=settings.bigquery_project, location=settings.bigquery_location)
    dataset = f"{settings.bigquery_dataset}_{MARTS_SCHEMA}"
    rows = client.query(
        f"select count(*) from `{settings.bigquery_project}.{dataset}.{name}`"
    ).result()
    return int(next(iter(rows))[0])


def publish_from_warehouse(
    store: ServingStore, settings: Settings, spec: MartSpec
) -> PublishResult:
    """Publish one mart; ``PublishError`` (nothing changed) when it fails a check."""
    table = read_mart(settings, spec.name)
    if table.column_names != spec.column_names:
        raise PublishError(
            f"mart {spec.name} has columns {table.column_names}, "
            f"its dbt contract says {spec.column_names}; nothing was published"
        )
    expected = warehouse_row_count(settings, spec.name)
    return store.publish(spec.table_spec(), table, expected_rows=expected)


def published_specs(names: Iterable[str] | None = None) -> list[MartSpec]:
    """The specs of ``names`` (default: every published mart); unknown names are an error."""
    marts = load_published_marts()
    wanted = list(names) if names else list(marts)
    unknown = [n for n in wanted if n not in marts]
    if unknown:
        raise VersionError(
            f"not published marts: {', '.join(unknown)} (meta.serving.publish is not true); "
            f"published: {', '.join(sorted(marts))}"
        )
    return [marts[n] for n in wanted]


def publish_marts(
    settings: Settings, names: Iterable[str] | None = None
) -> Iterator[tuple[str, PublishResult | PublishError]]:
    """Publish each mart (default: all) through one store; each mart's result or error."""
    specs = published_specs(names)
    with open_store(settings) as store:
        for spec in specs:
            try:
                yield spec.name, publish_from_warehouse(store, settings, spec)
            except PublishError as exc:
                yield spec.name, exc
