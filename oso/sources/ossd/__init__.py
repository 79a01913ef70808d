"""dlt source for the oss-directory registry: four flat tables, replaced on every load.

The registry is validated first (``oso.registry``); an invalid registry never loads.
"""

from __future__ import annotations

from collections.abc import Iterator

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from oso.registry.loader import Registry
from oso.registry.tables import registry_tables

RESOURCES = ("projects", "project_artifacts", "collections", "collection_projects")


def _table(tables: dict[str, pa.Table] | None, name: str) -> Iterator[pa.Table]:
    if tables is not None:
        yield tables[name]


@dlt.source(name="ossd", max_table_nesting=0)
def ossd(registry: Registry | None = None) -> Iterator[DltResource]:
    """Resources for each registry table (empty at definition time, when no registry is given)."""
    tables = registry_tables(registry) if registry is not None else None
    for name in RESOURCES:
        yield dlt.resource(_table(tables, name), name=name, write_disposition="replace")
