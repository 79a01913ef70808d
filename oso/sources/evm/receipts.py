"""Receipts of kept transactions: per block (``eth_getBlockReceipts``) or per transaction.

A block's receipts come in one call when the node supports ``eth_getBlockReceipts`` and at
least ``BLOCK_RECEIPTS_MIN_SHARE`` of the block's transactions are kept; otherwise each kept
transaction gets an ``eth_getTransactionReceipt``. Every receipt must belong to the block the
transaction came from (same block hash), so an inconsistent node fails the run, named.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from oso.sources.evm.parse import Block, MalformedError, Receipt, Tx, parse_receipt
from oso.sources.evm.rpc import Call, JsonRpc, SourceError
from oso.sources.evm.settings import BLOCK_RECEIPTS_MIN_SHARE


def block_receipts_call(block: Block) -> Call:
    return Call("eth_getBlockReceipts", [hex(block.number)], f"block {block.number}")


def parse_block_receipts(raw: Any, block: Block) -> dict[str, Receipt]:
    """A block's receipts by transaction hash; all of them, all of this block."""
    if not isinstance(raw, list):
        raise MalformedError(
            f"receipts are {'missing (null)' if raw is None else type(raw).__name__}"
        )
    receipts = [parse_receipt(r) for r in raw]
    if len(receipts) != block.tx_count:
        raise MalformedError(f"{len(receipts)} receipts for {block.tx_count} transactions")
    for receipt in receipts:
        _check_block(receipt, block)
    return {r.tx_hash: r for r in receipts}


def _check_block(receipt: Receipt, block: Block) -> None:
    if receipt.block_hash != block.hash or receipt.block_number != block.number:
        raise MalformedError(
            f"receipt of {receipt.tx_hash} is from block {receipt.block_number} "
            f"{receipt.block_hash}, not {block.number} {block.hash}"
        )


def _use_block_call(rpc: JsonRpc, block: Block, kept: int) -> bool:
    return kept >= BLOCK_RECEIPTS_MIN_SHARE * block.tx_count and rpc.supports(
        block_receipts_call(block)
    )


def fetch_receipts(rpc: JsonRpc, pending: Sequence[tuple[Block, Tx]]) -> dict[str, Receipt]:
    """The receipt of every pending transaction, by hash."""
    by_block: dict[int, list[Tx]] = defaultdict(list)
    blocks: dict[int, Block] = {}
    for block, tx in pending:
        by_block[block.number].append(tx)
        blocks[block.number] = block
    whole = [n for n, txs in by_block.items() if _use_block_call(rpc, blocks[n], len(txs))]
    singles = [(blocks[n], tx) for n, txs in by_block.items() if n not in whole for tx in txs]
    calls = [block_receipts_call(blocks[n]) for n in whole]
    calls += [Call("eth_getTransactionReceipt", [tx.hash], f"tx {tx.hash}") for _, tx in singles]
    results = rpc.batch(calls)
    receipts: dict[str, Receipt] = {}
    for i, (call, raw) in enumerate(zip(calls, results, strict=True)):
        try:
            if i < len(whole):
                receipts |= parse_block_receipts(raw, blocks[whole[i]])
                continue
            block, tx = singles[i - len(whole)]
            receipt = parse_receipt(raw)
            if receipt.tx_hash != tx.hash:
                raise MalformedError(f"answered the receipt of {receipt.tx_hash}")
            _check_block(receipt, block)
            receipts[tx.hash] = receipt
        except MalformedError as exc:
            raise SourceError(f"{rpc.source}: {call.method} {call.what}: {exc}") from None
    missing = [tx.hash for _, tx in pending if tx.hash not in receipts]
    if missing:
        raise SourceError(f"{rpc.source}: eth_getBlockReceipts: no receipt for {missing[0]}")
    return receipts
