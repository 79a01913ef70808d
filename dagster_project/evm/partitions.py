"""Block-range partitions of every tracked EVM network (a Dagster dynamic partitions set).

Keys are ``<network>:<start>-<end>`` (inclusive), ranges of ``settings.evm_blocks_per_partition``
blocks aligned to multiples of it. Only *complete* ranges whose last block is confirmed (at
least ``settings.evm_confirmations`` blocks below the head) are registered: a range's key never
changes and its blocks are final when it is loaded, so a reorganisation cannot reach loaded
data, and the tail of the chain (fewer than one range of confirmed blocks) waits for the next
registration. Ranges start at the one holding the first block of OSO_START (found by binary
search over block timestamps), so a long chain is not read from genesis.
"""

from __future__ import annotations

import dagster as dg

from oso.registry import load_registry
from oso.settings import Settings
from oso.sources.evm.chain import confirmed_head, first_block_since
from oso.sources.evm.helpers import BlockRange
from oso.sources.evm.rpc import JsonRpc
from oso.sources.evm.tracked import evm_networks

EVM_PARTITIONS = "evm_block_ranges"
evm_partitions = dg.DynamicPartitionsDefinition(name=EVM_PARTITIONS)


def rpc_client(settings: Settings, network: str) -> JsonRpc:
    return JsonRpc(
        network,
        settings.evm_rpc_urls[network],
        batch_size=settings.evm_batch_size,
        timeout_s=settings.http_timeout_s,
        max_retry_s=settings.http_max_retry_s,
    )


def complete_ranges(network: str, first: int, confirmed: int, size: int) -> list[BlockRange]:
    """Aligned ranges of ``size`` blocks from the one holding ``first`` up to ``confirmed``."""
    start = first - first % size
    ranges = []
    while start + size - 1 <= confirmed:
        ranges.append(BlockRange(network, start, start + size - 1))
        start += size
    return ranges


def network_ranges(settings: Settings, network: str) -> list[BlockRange]:
    """Every complete, confirmed range of one network from the window start on."""
    with rpc_client(settings, network) as rpc:
        confirmed = confirmed_head(rpc, settings.evm_confirmations)
        first = first_block_since(rpc, settings.window_start, confirmed)
    if first is None:
        return []
    return complete_ranges(network, first, confirmed, max(1, settings.evm_blocks_per_partition))


def new_block_ranges(settings: Settings, existing: set[str]) -> list[str]:
    """Keys of confirmed ranges of every tracked network not registered yet, in block order."""
    networks = evm_networks(load_registry(settings.oss_directory), settings.evm_rpc_urls)
    keys = [r.key for network in networks for r in network_ranges(settings, network)]
    return [key for key in keys if key not in existing]


def register_block_partitions(instance: dg.DagsterInstance, settings: Settings) -> list[str]:
    """Add the new confirmed ranges to the instance; returns the keys added."""
    keys = new_block_ranges(settings, set(instance.get_dynamic_partitions(EVM_PARTITIONS)))
    if keys:
        instance.add_dynamic_partitions(EVM_PARTITIONS, keys)
    return keys
