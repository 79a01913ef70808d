"""Fetch one block range of one network and turn it into Arrow tables.

Blocks come ``batch_size`` at a time (``eth_getBlockByNumber(n, true)``). Kept transactions —
from or to a tracked address or discovered contract, or creations by a tracked deployer — get
their receipts; a deployer's creation adds the new contract (``contractAddress``) to the tracked
set, and successful calls to a tracked factory are traced for the contracts they create. The
chunk is filtered again after each discovery, so calls to a contract later in the same blocks
are kept too. Nothing reaches the warehouse until the whole range has been fetched and parsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from oso.sources.evm.parse import Block, MalformedError, Receipt, Tx, parse_block, parse_tx
from oso.sources.evm.receipts import fetch_receipts
from oso.sources.evm.rpc import Call, JsonRpc, RpcError, SourceError
from oso.sources.evm.settings import SCHEMAS, TRACE_OPTIONS
from oso.sources.evm.traces import created_contracts
from oso.sources.evm.tracked import Tracked


@dataclass(frozen=True, order=True)
class BlockRange:
    network: str
    start: int
    end: int  # inclusive

    @property
    def key(self) -> str:
        return f"{self.network}:{self.start}-{self.end}"

    @classmethod
    def parse(cls, key: str) -> BlockRange:
        network, _, span = key.rpartition(":")
        start, _, end = span.partition("-")
        if not network or not start.isdigit() or not end.isdigit() or int(end) < int(start):
            raise ValueError(f"not an EVM block-range partition key: {key!r}")
        return cls(network, int(start), int(end))


class Rows:
    """Column lists for one Arrow schema."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.columns: list[list[Any]] = [[] for _ in schema]

    def add(self, *values: Any) -> None:
        for column, value in zip(self.columns, values, strict=True):
            column.append(value)

    def table(self) -> pa.Table:
        arrays = [pa.array(c, f.type) for c, f in zip(self.columns, self.schema, strict=True)]
        return pa.Table.from_arrays(arrays, schema=self.schema)


@dataclass
class FetchedRange:
    block_range: BlockRange
    tables: dict[str, pa.Table]
    stats: dict[str, int] = field(default_factory=dict)


def _micros(seconds: int) -> int:
    return seconds * 1_000_000


def fetch_blocks(rpc: JsonRpc, numbers: Sequence[int]) -> list[tuple[Block, list[Tx]]]:
    calls = [Call("eth_getBlockByNumber", [hex(n), True], f"block {n}") for n in numbers]
    parsed = []
    for call, number, raw in zip(calls, numbers, rpc.batch(calls), strict=True):
        try:
            block = parse_block(raw, number)
            parsed.append((block, [parse_tx(tx, block) for tx in block.transactions]))
        except MalformedError as exc:
            raise SourceError(f"{rpc.source}: {call.method} {call.what}: {exc}") from None
    return parsed


class _RangeFetch:
    def __init__(self, rpc: JsonRpc, block_range: BlockRange, tracked: Tracked) -> None:
        self.rpc, self.range, self.tracked = rpc, block_range, tracked
        self.rows = {name: Rows(schema) for name, schema in SCHEMAS.items()}
        self.created: set[str] = set()
        self.stats = {"blocks": 0, "transactions_scanned": 0, "transactions_kept": 0}
        self.stats |= {"contracts": 0, "traces": 0, "traces_unavailable": 0}

    def keeps(self, tx: Tx) -> bool:
        t = self.tracked
        creation = tx.to_address is None and tx.from_address in t.deployers
        return creation or t.watches(tx.from_address) or t.watches(tx.to_address)

    def chunk(self, blocks: list[tuple[Block, list[Tx]]]) -> None:
        kept: dict[str, tuple[Block, Tx, Receipt]] = {}
        while pending := [
            (b, tx) for b, txs in blocks for tx in txs if tx.hash not in kept and self.keeps(tx)
        ]:
            receipts = fetch_receipts(self.rpc, pending)
            for block, tx in pending:
                kept[tx.hash] = (block, tx, receipts[tx.hash])
                self._deployment(block, tx, receipts[tx.hash])
            self._factory_creations([(b, tx, receipts[tx.hash]) for b, tx in pending])
        for block, txs in blocks:
            self.rows["blocks"].add(
                self.range.network, block.number, block.hash, block.parent_hash,
                _micros(block.timestamp), block.tx_count, self.range.key,
            )  # fmt: skip
            self.stats["blocks"] += 1
            self.stats["transactions_scanned"] += len(txs)
        for block, tx, receipt in sorted(kept.values(), key=lambda k: (k[0].number, k[1].index)):
            self._transaction(block, tx, receipt)

    def _transaction(self, block: Block, tx: Tx, r: Receipt) -> None:
        self.rows["transactions"].add(
            self.range.network, tx.hash, block.number, _micros(block.timestamp), tx.index,
            tx.from_address, tx.to_address, str(tx.value_wei), tx.gas, tx.gas_price,
            tx.selector, tx.to_address is not None and tx.input != "0x", r.status,
            r.gas_used, r.effective_gas_price, r.contract_address, self.range.key,
        )  # fmt: skip
        self.stats["transactions_kept"] += 1

    def _contract(self, block: Block, tx: Tx, address: str, factory: str | None) -> None:
        if address in self.created:  # CREATE2 can re-create at an address; keep the first
            return
        self.created.add(address)
        self.tracked.contracts.add(address)
        self.rows["contracts"].add(
            self.range.network, address, tx.from_address, factory, tx.hash, block.number,
            _micros(block.timestamp), self.range.key,
        )  # fmt: skip
        self.stats["contracts"] += 1

    def _deployment(self, block: Block, tx: Tx, r: Receipt) -> None:
        direct = tx.to_address is None and tx.from_address in self.tracked.deployers
        if direct and r.contract_address and r.status != 0:
            self._contract(block, tx, r.contract_address, None)

    def _factory_creations(self, kept: list[tuple[Block, Tx, Receipt]]) -> None:
        factories, method = self.tracked.factories, "debug_traceTransaction"
        todo = [(b, tx) for b, tx, r in kept if tx.to_address in factories and r.status != 0]
        if todo and method in self.rpc.unsupported:  # documented gap: no traces, no creations
            self.stats["traces_unavailable"] += len(todo)
        if not todo or method in self.rpc.unsupported:
            return
        calls = [Call(method, [tx.hash, TRACE_OPTIONS], f"tx {tx.hash}") for _, tx in todo]
        try:
            traces = self.rpc.batch(calls)
        except RpcError as exc:
            if not exc.unsupported:
                raise
            self.rpc.unsupported.add(method)
            self.stats["traces_unavailable"] += len(todo)
            return
        self.stats["traces"] += len(todo)
        for (block, tx), call, trace in zip(todo, calls, traces, strict=True):
            try:
                created = created_contracts(trace, tx.to_address or "", factories)
            except MalformedError as exc:
                raise SourceError(f"{self.rpc.source}: {call.method} {call.what}: {exc}") from None
            for factory, address in created:
                self._contract(block, tx, address, factory)


def fetch_range(rpc: JsonRpc, block_range: BlockRange, tracked: Tracked) -> FetchedRange:
    """Every block of the range, its kept transactions and discovered contracts, as Arrow.

    ``tracked.contracts`` gains the contracts discovered here (the next range of a run sees them).
    """
    fetch = _RangeFetch(rpc, block_range, tracked)
    step = rpc.batch_size
    for first in range(block_range.start, block_range.end + 1, step):
        numbers = range(first, min(first + step, block_range.end + 1))
        fetch.chunk(fetch_blocks(rpc, numbers))
    tables = {name: rows.table() for name, rows in fetch.rows.items()}
    return FetchedRange(block_range, tables, fetch.stats)
