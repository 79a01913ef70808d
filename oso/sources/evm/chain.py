"""Chain-level questions for partitioning: the confirmed head, the first block of a day."""

from __future__ import annotations

import datetime as dt

from oso.sources.evm.parse import MalformedError, parse_block, quantity
from oso.sources.evm.rpc import Call, JsonRpc, SourceError


def head(rpc: JsonRpc) -> int:
    """The latest block number (``eth_blockNumber``)."""
    raw = rpc.call("eth_blockNumber", [], "latest")
    try:
        return quantity({"result": raw}, "result")
    except MalformedError as exc:
        raise SourceError(f"{rpc.source}: eth_blockNumber: {exc}") from None


def confirmed_head(rpc: JsonRpc, confirmations: int) -> int:
    """The newest block with ``confirmations`` blocks on top of it (-1 when there is none)."""
    return head(rpc) - max(0, confirmations)


def block_time(rpc: JsonRpc, number: int) -> int:
    """A block's timestamp (unix seconds), from its header."""
    call = Call("eth_getBlockByNumber", [hex(number), False], f"block {number}")
    try:
        return parse_block(rpc.call(call.method, call.params, call.what), number).timestamp
    except MalformedError as exc:
        raise SourceError(f"{rpc.source}: {call.method} {call.what}: {exc}") from None


def first_block_since(rpc: JsonRpc, day: dt.date, last: int) -> int | None:
    """The first block at or after midnight UTC of ``day`` among 0..last (binary search).

    None when even block ``last`` is older. ~log2(last) header calls.
    """
    since = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    if last < 0 or block_time(rpc, last) < since:
        return None
    low, high = 0, last
    while low < high:
        middle = (low + high) // 2
        if block_time(rpc, middle) < since:
            low = middle + 1
        else:
            high = middle
    return low
