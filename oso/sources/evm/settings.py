"""Columns, Arrow schemas and registry tags of the EVM source."""

from __future__ import annotations

import pyarrow as pa

SOURCE = "evm"
RESOURCES = ("blocks", "transactions", "contracts")

# Registry tags (oss-directory blockchain entries).
ANY_EVM = "any_evm"  # an address listed for every network
DEPLOYER_TAGS = frozenset({"deployer", "creator", "eoa"})  # watched for contract deployments
FACTORY_TAG = "factory"  # contracts whose internal creations are found through traces

# eth_getBlockReceipts is used for a block when at least this share of its transactions is kept;
# otherwise one eth_getTransactionReceipt per kept transaction costs less.
BLOCK_RECEIPTS_MIN_SHARE = 0.25

# debug_traceTransaction options: geth's call tracer; nodes without tracers (ganache) ignore
# "tracer" and answer struct logs, kept small by dropping memory and storage.
TRACE_OPTIONS = {"tracer": "callTracer", "disableMemory": True, "disableStorage": True}

INT64_MAX = 2**63 - 1
_TS = pa.timestamp("us")  # naive UTC

BLOCKS_SCHEMA = pa.schema(
    [
        pa.field("network", pa.string(), nullable=False),
        pa.field("number", pa.int64(), nullable=False),
        pa.field("hash", pa.string(), nullable=False),
        pa.field("parent_hash", pa.string(), nullable=False),
        pa.field("timestamp", _TS, nullable=False),
        pa.field("tx_count", pa.int64(), nullable=False),
        pa.field("partition", pa.string(), nullable=False),
    ]
)

TRANSACTIONS_SCHEMA = pa.schema(
    [
        pa.field("network", pa.string(), nullable=False),
        pa.field("hash", pa.string(), nullable=False),
        pa.field("block_number", pa.int64(), nullable=False),
        pa.field("block_timestamp", _TS, nullable=False),
        pa.field("tx_index", pa.int64(), nullable=False),
        pa.field("from_address", pa.string(), nullable=False),
        pa.field("to_address", pa.string()),  # null for a contract creation
        pa.field("value_wei", pa.string(), nullable=False),  # decimal text: exceeds int64
        pa.field("gas", pa.int64(), nullable=False),
        pa.field("gas_price", pa.int64()),
        pa.field("input_selector", pa.string()),  # first 4 bytes of input; null for '0x'
        pa.field("is_contract_call", pa.bool_(), nullable=False),  # input != '0x' and to set
        pa.field("receipt_status", pa.int64()),  # 1 ok, 0 reverted, null before Byzantium
        pa.field("gas_used", pa.int64(), nullable=False),
        pa.field("effective_gas_price", pa.int64()),  # null when the receipt lacks it
        pa.field("contract_address", pa.string()),  # the created contract, if any
        pa.field("partition", pa.string(), nullable=False),
    ]
)

CONTRACTS_SCHEMA = pa.schema(
    [
        pa.field("network", pa.string(), nullable=False),
        pa.field("address", pa.string(), nullable=False),
        pa.field("deployer", pa.string(), nullable=False),  # the transaction's sender
        pa.field("factory", pa.string()),  # the creating contract for factory creations
        pa.field("tx_hash", pa.string(), nullable=False),
        pa.field("block_number", pa.int64(), nullable=False),
        pa.field("deployed_at", _TS, nullable=False),
        pa.field("partition", pa.string(), nullable=False),
    ]
)

SCHEMAS = {
    "blocks": BLOCKS_SCHEMA,
    "transactions": TRANSACTIONS_SCHEMA,
    "contracts": CONTRACTS_SCHEMA,
}
