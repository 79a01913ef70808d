"""Validate and parse JSON-RPC blocks, transactions and receipts (hex quantities, addresses).

Everything the warehouse keeps is checked here: a field that is missing or not the hex it
should be raises ``MalformedError`` saying which; the caller adds the network, method and block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from oso.sources.evm.settings import INT64_MAX

_QUANTITY = re.compile(r"^0x[0-9a-fA-F]{1,64}$")
_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_HASH = re.compile(r"^0x[0-9a-fA-F]{64}$")
_DATA = re.compile(r"^0x([0-9a-fA-F]{2})*$")


class MalformedError(ValueError):
    """A JSON-RPC result that is not what the method promises; the message names the field."""


def quantity(obj: dict[str, Any], field: str, *, int64: bool = True) -> int:
    value = obj.get(field)
    if not isinstance(value, str) or not _QUANTITY.match(value):
        raise MalformedError(f"{field} is not a hex quantity: {value!r}")
    number = int(value, 16)
    if int64 and number > INT64_MAX:
        raise MalformedError(f"{field} = {number} does not fit in int64")
    return number


def optional_quantity(obj: dict[str, Any], field: str) -> int | None:
    return None if obj.get(field) is None else quantity(obj, field)


def address(obj: dict[str, Any], field: str, *, nullable: bool = False) -> str | None:
    value = obj.get(field)
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not _ADDRESS.match(value):
        raise MalformedError(f"{field} is not an address: {value!r}")
    return value.lower()


def hash32(obj: dict[str, Any], field: str) -> str:
    value = obj.get(field)
    if not isinstance(value, str) or not _HASH.match(value):
        raise MalformedError(f"{field} is not a 32-byte hash: {value!r}")
    return value.lower()


def _object(raw: Any, what: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise MalformedError(f"{what} is {'missing (null)' if raw is None else type(raw).__name__}")
    return raw


@dataclass(frozen=True)
class Block:
    number: int
    hash: str
    parent_hash: str
    timestamp: int  # unix seconds
    transactions: list[Any]  # raw: objects (full) or hashes

    @property
    def tx_count(self) -> int:
        return len(self.transactions)


def parse_block(raw: Any, number: int) -> Block:
    block = _object(raw, "block")
    found = quantity(block, "number")
    if found != number:
        raise MalformedError(f"answered block {found} instead")
    transactions = block.get("transactions")
    if not isinstance(transactions, list):
        raise MalformedError(f"transactions is not a list: {str(transactions)[:80]}")
    return Block(
        found,
        hash32(block, "hash"),
        hash32(block, "parentHash"),
        quantity(block, "timestamp"),
        transactions,
    )


@dataclass(frozen=True)
class Tx:
    hash: str
    index: int
    from_address: str
    to_address: str | None
    value_wei: int
    gas: int
    gas_price: int | None
    input: str

    @property
    def selector(self) -> str | None:
        """The first 4 bytes of a call's input; None for no input or a creation's init code."""
        return None if self.input == "0x" or self.to_address is None else self.input[:10]


def parse_tx(raw: Any, block: Block) -> Tx:
    if isinstance(raw, str):
        raise MalformedError("transactions are hashes, not objects (ask for full transactions)")
    tx = _object(raw, "transaction")
    if "blockNumber" in tx and quantity(tx, "blockNumber") != block.number:
        raise MalformedError(f"transaction {tx.get('hash')} names block {tx['blockNumber']}")
    data = tx.get("input", tx.get("data"))
    if not isinstance(data, str) or not _DATA.match(data):
        raise MalformedError(f"input of {tx.get('hash')} is not hex data")
    return Tx(
        hash32(tx, "hash"),
        quantity(tx, "transactionIndex"),
        address(tx, "from") or "",
        address(tx, "to", nullable=True),
        quantity(tx, "value", int64=False),
        quantity(tx, "gas"),
        optional_quantity(tx, "gasPrice"),
        data.lower(),
    )


@dataclass(frozen=True)
class Receipt:
    tx_hash: str
    block_hash: str
    block_number: int
    status: int | None  # null before Byzantium (receipts carry a state root instead)
    gas_used: int
    effective_gas_price: int | None
    contract_address: str | None


def parse_receipt(raw: Any) -> Receipt:
    receipt = _object(raw, "receipt")
    return Receipt(
        hash32(receipt, "transactionHash"),
        hash32(receipt, "blockHash"),
        quantity(receipt, "blockNumber"),
        optional_quantity(receipt, "status"),
        quantity(receipt, "gasUsed"),
        optional_quantity(receipt, "effectiveGasPrice"),
        address(receipt, "contractAddress", nullable=True),
    )
