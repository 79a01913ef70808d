"""dlt source for EVM chains: blocks, tracked transactions and discovered contracts.

Each block range of a network is a partition (key ``<network>:<start>-<end>``): its rows carry
the key in ``partition`` and load with a delete-insert merge on it, so re-loading a range
replaces it. Rows travel as Arrow tables built by ``helpers.fetch_range``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from oso.sources.evm.helpers import BlockRange, FetchedRange, fetch_range
from oso.sources.evm.rpc import JsonRpc
from oso.sources.evm.settings import RESOURCES, SCHEMAS

__all__ = ["BlockRange", "FetchedRange", "JsonRpc", "evm", "fetch_range"]

_TIMESTAMPS = {
    "blocks": ("timestamp",),
    "transactions": ("block_timestamp",),
    "contracts": ("deployed_at",),
}


def _hints(resource: str) -> dict[str, Any]:
    """Naive UTC timestamps; wei and text columns as text (fresh dicts: dlt writes into hints)."""
    hints: dict[str, Any] = {
        name: {"data_type": "timestamp", "timezone": False, "precision": 6}
        for name in _TIMESTAMPS[resource]
    }
    if resource == "transactions":
        hints["value_wei"] = {"data_type": "text"}
    return hints


def _tables(fetched: Sequence[FetchedRange], resource: str) -> Iterator[pa.Table]:
    """Each range's table; empty ones too, so the table exists (with its columns) from the first load."""
    if not fetched:
        yield SCHEMAS[resource].empty_table()
    for item in fetched:
        yield item.tables[resource]


@dlt.source(name="evm", max_table_nesting=0)
def evm(fetched: Sequence[FetchedRange] = ()) -> Iterator[DltResource]:
    """Resources ``blocks``, ``transactions`` and ``contracts`` for fetched ranges (none at definition time)."""
    for name in RESOURCES:
        yield dlt.resource(
            _tables(fetched, name),
            name=name,
            write_disposition={"disposition": "merge", "strategy": "delete-insert"},
            merge_key="partition",
            columns=_hints(name),
        )
