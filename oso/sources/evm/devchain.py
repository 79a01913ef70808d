"""A local development chain: start ganache (from ``tools/``) and drive it with real transactions.

Used by the tests, the demo and the benchmark. The contracts are raw EVM bytecode written by
hand (no compiler, no ABI library):

- ``CONSTANT``: returns the 32-byte word 42 to any call, except calldata whose first byte is
  0xff, which reverts (so a test can make a transaction fail with status 0);
- ``FACTORY``: every call creates a new ``CONSTANT`` contract (CREATE) and returns its address.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from oso.settings import REPO_ROOT
from oso.sources.evm.rpc import JsonRpc

GANACHE = REPO_ROOT / "tools" / "node_modules" / ".bin" / "ganache"
INSTALL_HINT = "npm ci --prefix tools"

# CALLDATALOAD(0) >> 248 == 0xff ? REVERT(0, 0) : (MSTORE(0, 42); RETURN(0, 32))
CONSTANT_RUNTIME = "60003560f81c60ff14601657602a60005260206000f35b60006000fd"
REVERT_CALLDATA = "0xff"
OK_CALLDATA = "0x01"


def init_code(runtime: str) -> str:
    """Creation code returning ``runtime``: CODECOPY(0, 11, len); RETURN(0, len)."""
    size = len(runtime) // 2
    assert size < 256, "runtime too long for PUSH1"
    return f"60{size:02x}80600b6000396000f3{runtime}"


CONSTANT_INIT = init_code(CONSTANT_RUNTIME)


def factory_runtime(child_init: str) -> str:
    """CODECOPY(0, 21, len(child)); CREATE(0, 0, len(child)); MSTORE(0, addr); RETURN(0, 32); child."""
    size = len(child_init) // 2
    return f"60{size:02x}80601560003960006000f060005260206000f3{child_init}"


FACTORY_INIT = init_code(factory_runtime(CONSTANT_INIT))


class DevChain:
    """A ganache node's unlocked accounts, sending real transactions (instamine: one block each)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.rpc = JsonRpc("devchain", url, batch_size=100, timeout_s=30, max_retry_s=10)
        self.accounts: list[str] = self.rpc.call("eth_accounts", [])

    def send(self, sender: str, to: str | None = None, data: str = "0x", value: int = 0) -> str:
        tx: dict[str, Any] = {
            "from": sender,
            "data": data,
            "value": hex(value),
            "gas": hex(500_000),
        }
        if to is not None:
            tx["to"] = to
        return str(self.rpc.call("eth_sendTransaction", [tx], f"from {sender}"))

    def receipt(self, tx_hash: str) -> dict[str, Any]:
        receipt = self.rpc.call("eth_getTransactionReceipt", [tx_hash], f"tx {tx_hash}")
        assert isinstance(receipt, dict), f"no receipt for {tx_hash}"
        return receipt

    def deploy(self, sender: str, init: str) -> tuple[str, str]:
        """(tx hash, contract address) of a creation from ``sender``."""
        tx_hash = self.send(sender, data="0x" + init)
        return tx_hash, str(self.receipt(tx_hash)["contractAddress"])

    def mine(self, blocks: int = 1) -> None:
        for _ in range(blocks):
            self.rpc.call("evm_mine", [], "mine")

    def head(self) -> int:
        return int(self.rpc.call("eth_blockNumber", []), 16)

    def close(self) -> None:
        self.rpc.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    """Until the port accepts connections and ``eth_chainId`` answers."""
    deadline = time.monotonic() + timeout_s
    while not _port_open(port):
        if process.poll() is not None:
            raise RuntimeError(f"ganache exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"ganache did not open port {port} within {timeout_s:.0f} s")
        time.sleep(0.1)
    with JsonRpc("devchain", f"http://127.0.0.1:{port}", max_retry_s=timeout_s) as rpc:
        rpc.call("eth_chainId", [])


@contextlib.contextmanager
def ganache(*extra: str, timeout_s: float = 30.0) -> Iterator[str]:
    """Run ``ganache --wallet.deterministic`` on a free loopback port; yields its URL."""
    if not GANACHE.exists():
        raise FileNotFoundError(f"{GANACHE} is missing: run `{INSTALL_HINT}`")
    port = _free_port()
    command = [str(GANACHE), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--wallet.deterministic", "--logging.quiet", *extra]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(port, process, timeout_s)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # the group this function started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def ganache_available() -> bool:
    return Path(GANACHE).exists()
