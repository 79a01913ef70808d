"""dlt source for oss-funding: grants to oss-directory projects, funders and DAOIP-5 documents.

The folder (``settings.funding_dir``, the layout of github.com/opensource-observer/oss-funding)
is read whole on every run by ``helpers.load_funding_folder``; tables travel as Arrow.
Resources and keys (upsert, so a re-run never duplicates):

- ``grants`` (``funding_data.csv``), key ``id`` = SHA-256 of the grant's funder, pool, project,
  date, metadata and upload file (and its rank among identical rows; the CSV has no id);
- ``funders`` (``funders/*/*.yaml``), key ``name``;
- ``daoip5_grant_pools``, ``daoip5_applications``, ``daoip5_projects`` (``daoip5/**.json``),
  keys (``source_file``, pool id / application id) and ``source_file``;
- ``load_issues``: what the latest run skipped or repaired (file, line, column, severity,
  message), replaced on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from oso.sources.funding.helpers import FundingData
from oso.sources.funding.settings import RESOURCES

# Column hints (fresh dicts each call: dlt writes into them).
_TEXT = ("metadata", "pool", "application", "project", "message", "grant_pools")


def _hints(schema: pa.Schema, key: tuple[str, ...]) -> dict[str, Any]:
    hints: dict[str, Any] = {name: {"data_type": "text"} for name in _TEXT if name in schema.names}
    if "funding_date" in schema.names:
        hints["funding_date"] = {"data_type": "date"}
    for name in key:
        hints[name] = {"data_type": "text", "nullable": False}
    return hints


def _table(data: FundingData | None, name: str) -> Iterator[pa.Table]:
    """The run's rows; an empty table too, so the table exists from the first load."""
    if data is not None:
        yield data.tables[name].cast(RESOURCES[name][0])


@dlt.source(name="funding", max_table_nesting=0)
def funding(data: FundingData | None = None) -> Iterator[DltResource]:
    """Resources for a loaded folder (none at definition time)."""
    for name, (schema, key) in RESOURCES.items():
        keyed: dict[str, Any] = (
            {
                "write_disposition": {"disposition": "merge", "strategy": "upsert"},
                "primary_key": key,
            }
            if key
            else {"write_disposition": "replace"}
        )
        yield dlt.resource(_table(data, name), name=name, columns=_hints(schema, key), **keyed)
