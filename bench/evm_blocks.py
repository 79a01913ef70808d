"""Benchmark: EVM ingestion (blocks/s) against raw batched eth_getBlockByNumber on the same node.

Starts ganache (tools/), deploys one CONSTANT contract, then mines ``--blocks`` blocks holding
three transactions each: a tracked account's transfer, a call to the tracked contract, and an
untracked transfer (so two of three are kept and need receipts). Then, in the same run, each
``--repeat`` times (best kept):

* anchor: batched ``eth_getBlockByNumber(n, true)`` over httpx, JSON decoded, nothing else;
* ours, fetch + parse: ``fetch_range`` (blocks, filter, receipts of kept txs, Arrow tables);
* ours, full: the same plus the dlt load (delete-insert on the range) into a DuckDB file.

Usage: .venv/bin/python bench/evm_blocks.py [--blocks 2000] [--batch 50] [--range 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dlt
import duckdb
import httpx

from oso.sources.evm import BlockRange, FetchedRange, JsonRpc, evm, fetch_range
from oso.sources.evm.devchain import CONSTANT_INIT, OK_CALLDATA, DevChain, ganache
from oso.sources.evm.tracked import Tracked


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def seed(chain: DevChain, blocks: int) -> Tracked:
    """``blocks`` blocks of 3 transactions; returns what is tracked."""
    a = chain.accounts
    _, contract = chain.deploy(a[9], CONSTANT_INIT)
    chain.rpc.call("miner_stop", [])  # transactions wait in the pool until evm_mine
    with httpx.Client(timeout=60) as http:
        for n in range(blocks):
            txs = [
                {"from": a[0], "to": a[3], "value": "0x1"},
                {"from": a[1], "to": contract, "data": OK_CALLDATA},
                {"from": a[2], "to": a[5], "value": "0x1"},
            ]
            calls = [
                {"jsonrpc": "2.0", "id": i, "method": "eth_sendTransaction", "params": [tx]}
                for i, tx in enumerate(txs)
            ]
            assert all("result" in r for r in http.post(chain.url, json=calls).json())
            chain.mine()
            if (n + 1) % 500 == 0:
                print(f"  mined {n + 1}/{blocks} blocks", flush=True)
    return Tracked(addresses={a[0], contract})


def anchor(url: str, last: int, batch: int) -> int:
    """Raw batched full blocks, decoded: the floor any ingestion over JSON-RPC pays."""
    seen = 0
    with httpx.Client(timeout=60) as http:
        for first in range(1, last + 1, batch):
            calls = [
                {
                    "jsonrpc": "2.0",
                    "id": i,
                    "method": "eth_getBlockByNumber",
                    "params": [hex(n), True],
                }
                for i, n in enumerate(range(first, min(first + batch, last + 1)))
            ]
            seen += len(http.post(url, json=calls).json())
    return seen


def ours(url: str, last: int, batch: int, size: int, tracked: Tracked) -> list[FetchedRange]:
    with JsonRpc("bench", url, batch_size=batch) as rpc:
        return [
            fetch_range(
                rpc, BlockRange("bench", start, min(start + size - 1, last)), tracked.copy()
            )
            for start in range(1, last + 1, size)
        ]


def load(fetched: list[FetchedRange], work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    pipeline = dlt.pipeline(
        "bench_evm",
        destination=dlt.destinations.duckdb(str(work / "warehouse.duckdb")),
        dataset_name="evm",
        pipelines_dir=str(work / "dlt"),
    )
    pipeline.run(evm(fetched)).raise_on_failed_jobs()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--blocks", type=int, default=2000, help="blocks to mine (3 txs each)")
    parser.add_argument("--batch", type=int, default=50, help="JSON-RPC calls per batch")
    parser.add_argument("--range", type=int, default=500, help="blocks per range (partition)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    args = parser.parse_args()
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    work = Path(tempfile.mkdtemp(prefix="oso-bench-evm-"))
    with ganache() as url:
        chain = DevChain(url)
        print(f"seeding {args.blocks} blocks ...", flush=True)
        started = time.perf_counter()
        tracked = seed(chain, args.blocks)
        seeded = time.perf_counter() - started
        last = chain.head()
        fetched = ours(url, last, args.batch, args.range, tracked)
        kept = sum(f.stats["transactions_kept"] for f in fetched)
        t_anchor = best_of(args.repeat, lambda: anchor(url, last, args.batch))
        t_fetch = best_of(args.repeat, lambda: ours(url, last, args.batch, args.range, tracked))
        t_full = best_of(
            args.repeat,
            lambda: load(ours(url, last, args.batch, args.range, tracked), work / "load"),
        )
        chain.close()
    with duckdb.connect(str(work / "load" / "warehouse.duckdb"), read_only=True) as con:
        loaded = con.execute("select count(*) from evm.transactions").fetchone()[0]  # type: ignore[index]
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"python {platform.python_version()}, node ganache@7.9.2, duckdb {duckdb.__version__}"
    )
    print(
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC  blocks: {last} "
        f"(seeded in {seeded:.0f} s), txs kept: {kept} (loaded {loaded}), batch {args.batch}"
    )
    for name, seconds in (
        ("anchor: batched eth_getBlockByNumber (raw)", t_anchor),
        ("oso fetch + parse (+ receipts of kept txs)", t_fetch),
        ("oso fetch + parse + dlt load", t_full),
    ):
        print(f"{name:45} {seconds:6.2f} s  {last / seconds:8,.0f} blocks/s")
    print(f"ours (full) / anchor rate: {t_anchor / t_full:.0%}")


if __name__ == "__main__":
    main()
