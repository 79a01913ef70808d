"""SYNTHETIC demo chain: deterministic contracts and calls on a local ganache node.

Nothing here is real on-chain activity. ``seed_demo_chain`` sends real transactions to a local
development node started with ``--wallet.deterministic`` (see ``devchain.ganache``), so the
accounts, contract addresses and transaction hashes are the same on every run:

- account 1 (the "demo deployer") deploys two CONSTANT contracts;
- account 3 deploys a FACTORY; account 4 calls it twice, creating two contracts;
- accounts 5..8 call the contracts (some calls revert on purpose, status 0);
- empty blocks are mined so every block range up to the last transaction is confirmed.

Start the node with ``--chain.time <as-of date>T12:00:00Z`` to date the blocks on the demo's
as-of day (block times then follow the wall clock from there).
"""

from __future__ import annotations

from typing import Any

from oso.sources.evm.devchain import (
    CONSTANT_INIT,
    FACTORY_INIT,
    OK_CALLDATA,
    REVERT_CALLDATA,
    DevChain,
)

SYNTHETIC_NOTE = (
    "SYNTHETIC demo data: transactions sent to a local ganache node by oso.sources.evm.demo"
)

# (caller account, which contract, calldata): contract 0/1 = the deployer's, 2/3 = factory-made
_CALLS = [
    (5, 0, OK_CALLDATA), (5, 0, OK_CALLDATA), (5, 1, OK_CALLDATA),
    (6, 0, OK_CALLDATA), (6, 0, REVERT_CALLDATA), (6, 2, OK_CALLDATA),
    (7, 1, OK_CALLDATA), (7, 3, OK_CALLDATA), (7, 3, REVERT_CALLDATA),
    (8, 2, OK_CALLDATA), (8, 0, OK_CALLDATA), (8, 1, REVERT_CALLDATA),
]  # fmt: skip


def _confirm(chain: DevChain, blocks_per_partition: int, confirmations: int) -> None:
    """Mine empty blocks until the range holding the head is complete and confirmed."""
    head = chain.head()
    last_of_range = head - head % blocks_per_partition + blocks_per_partition - 1
    chain.mine(max(0, last_of_range + confirmations - head))


def seed_demo_chain(
    rpc_url: str, *, blocks_per_partition: int = 32, confirmations: int = 2
) -> dict[str, Any]:
    """Deploy and call the demo contracts; returns the addresses for the demo registry."""
    chain = DevChain(rpc_url)
    try:
        a = chain.accounts
        _, first = chain.deploy(a[1], CONSTANT_INIT)
        _, second = chain.deploy(a[1], CONSTANT_INIT)
        _, factory = chain.deploy(a[3], FACTORY_INIT)
        made = []
        for _ in range(2):  # eth_call first: the address the next creation will get
            made.append("0x" + chain.rpc.call("eth_call", [{"to": factory}, "latest"])[-40:])
            chain.send(a[4], factory, OK_CALLDATA)
        contracts = [first, second, *made]
        hashes = [chain.send(a[user], contracts[i], data) for user, i, data in _CALLS]
        _confirm(chain, blocks_per_partition, confirmations)
        return {
            "note": SYNTHETIC_NOTE,
            "deployer": a[1],
            "deployed_contracts": [first, second],
            "factory": factory,
            "factory_deployer": a[3],
            "factory_contracts": made,
            "callers": [a[i] for i in (5, 6, 7, 8)],
            "call_transactions": hashes,
            "head": chain.head(),
        }
    finally:
        chain.close()
