"""EVM ingestion against a real local node (ganache), replayed faults and real mainnet samples.

The chain of the main scenario (one block per transaction; a0..a9 are ganache's accounts):
 1 a0 -> a9 transfer            kept: a0 is an any_evm eoa of alpha
 2 a1 deploys CONSTANT = C1     kept: a1 is alpha's deployer -> C1 discovered
 3 a2 -> C1 call                kept (discovered contract), status 1
 4 a2 -> C1 0xff                kept, reverts: status 0
 5 a6 -> a7 transfer            not kept
 6 a3 deploys FACTORY = F       not kept (a3 untracked; F is beta's factory)
 7 a4 -> F call                 kept; F creates C2 (found in the trace) -> C2 discovered
 8 a2 -> C2 call                kept (C2 discovered in the previous block range)
 9 a5 deploys CONSTANT = C3     not kept
10 a8 -> C3 call                kept: C3 is listed by gamma (tag contract)
11 a8 -> C3 0xff                kept, reverts
then 2 empty blocks: with 2 confirmations and 4-block ranges, ranges 0-3, 4-7, 8-11 are final.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from dagster_project.evm.assets import build_evm_assets, build_evm_sensors, ensure_evm_tables
from dagster_project.evm.partitions import EVM_PARTITIONS, register_block_partitions
from oso.ids import oso_id
from oso.registry import load_registry, registry_tables
from oso.settings import Settings
from oso.sources.evm import BlockRange, JsonRpc, fetch_range
from oso.sources.evm.demo import seed_demo_chain
from oso.sources.evm.devchain import (
    CONSTANT_INIT,
    FACTORY_INIT,
    OK_CALLDATA,
    REVERT_CALLDATA,
    DevChain,
    ganache,
    ganache_available,
)
from oso.sources.evm.helpers import fetch_blocks
from oso.sources.evm.parse import parse_block
from oso.sources.evm.receipts import parse_block_receipts
from oso.sources.evm.rpc import SourceError
from oso.sources.evm.tracked import Tracked
from tests import evm_node as node_fixtures
from tests.conftest import shared_data
from tests.dbt_helpers import run_dbt
from tests.evm_node import proxy, write_evm_registry
from tests.replay import Reply

evm_node = node_fixtures.evm_node  # a fresh ganache node per test

TX_COLUMNS = "hash, block_number, tx_index, from_address, to_address, value_wei, gas, gas_price, "
TX_COLUMNS += "input_selector, is_contract_call, receipt_status, gas_used, effective_gas_price, "
TX_COLUMNS += "contract_address, partition"


def _settings(home: Path, registry: Path, url: str, day: dt.date, **evm: int) -> Settings:
    knobs = {"evm_blocks_per_partition": 4, "evm_confirmations": 2, "evm_batch_size": 3} | evm
    return Settings(
        home=home,
        oss_directory=registry,
        evm_rpc_urls={"optimism": url},
        start=day,
        end=day,
        http_max_retry_s=20,
        **knobs,  # type: ignore[arg-type]
    )


def _chain_day(chain: DevChain) -> dt.date:
    block = chain.rpc.call("eth_getBlockByNumber", ["0x0", False])
    return dt.datetime.fromtimestamp(int(block["timestamp"], 16), dt.UTC).date()


def _materialize(
    settings: Settings, instance: dg.DagsterInstance, keys: list[str]
) -> dg.ExecuteInProcessResult:
    """One run over ``keys`` (a single-run backfill when there are several)."""
    tags = {}
    if len(keys) > 1:
        tags = {
            "dagster/asset_partition_range_start": keys[0],
            "dagster/asset_partition_range_end": keys[-1],
        }
    return dg.materialize(
        build_evm_assets(settings),
        partition_key=keys[0] if len(keys) == 1 else None,
        tags=tags or None,
        instance=instance,
        raise_on_error=False,
    )


def _query(settings: Settings, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def _failure(result: dg.ExecuteInProcessResult) -> str:
    event = next(e for e in result.all_events if e.is_step_failure)
    return str(event.step_failure_data.error)


class Scenario:
    """The main chain, its registry and a warehouse loaded range by range."""

    def __init__(self, url: str, root: Path) -> None:
        self.chain = chain = DevChain(url)
        a = self.accounts = chain.accounts
        self.hashes = {1: chain.send(a[0], a[9], value=10**18)}
        self.hashes[2], self.c1 = chain.deploy(a[1], CONSTANT_INIT)
        self.hashes[3] = chain.send(a[2], self.c1, OK_CALLDATA)
        self.hashes[4] = chain.send(a[2], self.c1, REVERT_CALLDATA)
        self.hashes[5] = chain.send(a[6], a[7], value=5)
        self.hashes[6], self.factory = chain.deploy(a[3], FACTORY_INIT)
        self.hashes[7] = chain.send(a[4], self.factory, OK_CALLDATA)
        before = hex(int(chain.receipt(self.hashes[7])["blockNumber"], 16) - 1)
        self.c2 = "0x" + chain.rpc.call("eth_call", [{"to": self.factory}, before])[-40:]
        self.hashes[8] = chain.send(a[2], self.c2, OK_CALLDATA)
        self.hashes[9], self.c3 = chain.deploy(a[5], CONSTANT_INIT)
        self.hashes[10] = chain.send(a[8], self.c3, OK_CALLDATA)
        self.hashes[11] = chain.send(a[8], self.c3, REVERT_CALLDATA)
        chain.mine(2)
        self.registry = write_evm_registry(
            root / "registry",
            {
                "alpha": [(a[1], ["optimism"], ["deployer"]), (a[0], ["any_evm"], ["eoa"])],
                "beta": [(self.factory, ["optimism"], ["factory"])],
                "gamma": [(self.c3.upper().replace("0X", "0x"), ["optimism"], ["contract"])],
            },
        )
        self.day = _chain_day(chain)
        self.settings = _settings(root / "home", self.registry, url, self.day)
        self.instance = dg.DagsterInstance.ephemeral()
        self.keys = register_block_partitions(self.instance, self.settings)
        self.results = [_materialize(self.settings, self.instance, [k]) for k in self.keys]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    if not ganache_available():
        pytest.skip("needs ganache: run `npm ci --prefix tools`")
    with ganache() as url:
        scenario = Scenario(url, tmp_path_factory.mktemp("evm"))
        yield scenario
        scenario.chain.close()


def test_ranges_load_what_the_node_reports(scenario: Scenario) -> None:
    s, node = scenario, scenario.chain
    assert s.keys == ["optimism:0-3", "optimism:4-7", "optimism:8-11"]
    assert all(r.success for r in s.results)
    rows = _query(s.settings, f"select {TX_COLUMNS} from evm.transactions order by block_number")
    assert [r[0] for r in rows] == [s.hashes[i] for i in (1, 2, 3, 4, 7, 8, 10, 11)]
    for row in rows:
        tx = node.rpc.call("eth_getTransactionByHash", [row[0]])
        receipt = node.receipt(row[0])
        assert row[1:10] == (
            int(tx["blockNumber"], 16),
            int(tx["transactionIndex"], 16),
            tx["from"],
            tx["to"],
            str(int(tx["value"], 16)),
            int(tx["gas"], 16),
            int(tx["gasPrice"], 16),
            None if tx["to"] is None or tx["input"] == "0x" else tx["input"][:10],
            tx["to"] is not None and tx["input"] != "0x",
        )
        assert row[10:14] == (
            int(receipt["status"], 16),
            int(receipt["gasUsed"], 16),
            int(receipt["effectiveGasPrice"], 16),
            receipt["contractAddress"],
        )
    statuses = {r[0]: r[10] for r in rows}
    assert statuses[s.hashes[4]] == statuses[s.hashes[11]] == 0
    blocks = _query(
        s.settings, "select number, hash, tx_count, partition from evm.blocks order by 1"
    )
    assert [b[0] for b in blocks] == list(range(12))
    for number, block_hash, tx_count, key in blocks:
        block = node.rpc.call("eth_getBlockByNumber", [hex(number), False])
        assert (block_hash, tx_count) == (block["hash"], len(block["transactions"]))
        assert key == s.keys[number // 4]
    meta = s.results[0].asset_materializations_for_node("evm")[0].metadata
    assert meta["blocks"].value == 4 and meta["transactions_kept"].value == 3


def test_contracts_discovered_from_deployers_and_factories(scenario: Scenario) -> None:
    s = scenario
    rows = _query(
        s.settings,
        "select address, deployer, factory, tx_hash, block_number from evm.contracts order by 5",
    )
    assert rows == [
        (s.c1, s.accounts[1], None, s.hashes[2], 2),
        (s.c2, s.accounts[4], s.factory, s.hashes[7], 7),
    ]


def test_rerun_gives_the_same_rows(scenario: Scenario) -> None:
    s = scenario
    tables = {
        t: f"select * from evm.{t} order by all" for t in ("blocks", "transactions", "contracts")
    }
    before = {t: _query(s.settings, sql) for t, sql in tables.items()}
    assert _materialize(s.settings, s.instance, s.keys).success  # one single-run backfill
    assert _materialize(s.settings, s.instance, [s.keys[1]]).success
    ensure_evm_tables(s.settings)  # what a run without EVM ranges does: no rows added or lost
    assert {t: _query(s.settings, sql) for t, sql in tables.items()} == before


def test_dbt_models_count_daily_invocations(scenario: Scenario, tmp_path: Path) -> None:
    s, node = scenario, scenario.chain
    with duckdb.connect(str(s.settings.warehouse_path)) as con:  # the registry, as dlt lands it
        con.execute("create schema if not exists ossd")
        for name, table in registry_tables(load_registry(s.registry)).items():
            con.register("registry_table", table)
            con.execute(f"create or replace table ossd.{name} as select * from registry_table")
    run_dbt(
        [
            *("build", "--select", "+int_events__evm", "+int_contracts__evm"),
            *("--indirect-selection", "cautious"),
        ],
        work_dir=tmp_path,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(s.settings.warehouse_path)},
        dbt_vars=json.dumps({"as_of": s.day.isoformat()}),
    )
    contracts = _query(
        s.settings,
        "select project_name, contract_address, artifact_id, artifact_type "
        "from intermediate.int_contracts__evm order by 1",
    )
    assert contracts == [
        ("alpha", s.c1, oso_id("ARTIFACT", "OPTIMISM", "ADDRESS", s.c1), "CONTRACT"),
        ("beta", s.c2, oso_id("ARTIFACT", "OPTIMISM", "ADDRESS", s.c2), "CONTRACT"),
    ]
    expected: dict[tuple[str, str, str, str], float] = {}
    for i, to in ((3, s.c1), (4, s.c1), (7, s.factory), (8, s.c2), (10, s.c3), (11, s.c3)):
        receipt = node.receipt(s.hashes[i])
        block = node.rpc.call("eth_getBlockByNumber", [receipt["blockNumber"], False])
        day = dt.datetime.fromtimestamp(int(block["timestamp"], 16), dt.UTC).date().isoformat()
        key = (day, receipt["from"], to)
        fee = float(int(receipt["gasUsed"], 16) * int(receipt["effectiveGasPrice"], 16))
        for kind, amount in (("COUNT", 1.0), ("SUCCESS_COUNT", float(receipt["status"] == "0x1"))):
            k = (*key, f"CONTRACT_INVOCATION_{'SUCCESS_' if kind != 'COUNT' else ''}DAILY_COUNT")
            expected[k] = expected.get(k, 0.0) + amount
        k = (*key, "CONTRACT_INVOCATION_DAILY_L2_GAS_USED")
        expected[k] = expected.get(k, 0.0) + fee
    events = _query(
        s.settings,
        "select cast(time as date)::varchar, from_artifact_name, to_artifact_name, event_type, "
        "amount, event_source, event_source_id, to_artifact_id "
        "from intermediate.int_events__evm",
    )
    assert {e[:4]: e[4] for e in events} == {k: v for k, v in expected.items() if v > 0}
    for day, sender, to, event_type, _, source, source_id, to_id in events:
        assert source == "OPTIMISM"
        assert source_id == oso_id(event_type, "OPTIMISM", day, f"{sender}>{to}")
        assert to_id == oso_id("ARTIFACT", "OPTIMISM", "ADDRESS", to)


def test_only_confirmed_ranges_load_and_each_once(evm_node: str, tmp_path: Path) -> None:
    chain = DevChain(evm_node)
    a = chain.accounts
    hashes = [chain.send(a[0], a[1], value=i + 1) for i in range(3)]  # blocks 1..3
    registry = write_evm_registry(tmp_path / "registry", {"alpha": [(a[0], ["optimism"], ["eoa"])]})
    settings = _settings(
        tmp_path / "home", registry, evm_node, _chain_day(chain),
        evm_blocks_per_partition=2, evm_confirmations=3,
    )  # fmt: skip
    instance = dg.DagsterInstance.ephemeral()
    assert register_block_partitions(instance, settings) == []  # head 3: only block 0 is final
    chain.mine(2)  # head 5: blocks 0..2 final -> range 0-1 complete
    assert register_block_partitions(instance, settings) == ["optimism:0-1"]
    assert _materialize(settings, instance, ["optimism:0-1"]).success
    assert _query(settings, "select max(number) from evm.blocks") == [(1,)]
    assert _query(settings, "select hash from evm.transactions") == [(hashes[0],)]
    chain.mine(3)  # head 8: blocks 0..5 final
    sensor = build_evm_sensors(settings)[0]
    evaluation = sensor(dg.build_sensor_context(instance=instance))
    assert isinstance(evaluation, dg.SensorResult)
    new = [str(request.partition_key) for request in evaluation.run_requests or []]
    assert new == ["optimism:2-3", "optimism:4-5"]
    instance.add_dynamic_partitions(EVM_PARTITIONS, new)  # what the daemon does with the request
    assert register_block_partitions(instance, settings) == []
    assert _materialize(settings, instance, new).success
    assert _query(
        settings, "select count(*), count(distinct number), max(number) from evm.blocks"
    ) == [(6, 6, 5)]
    assert sorted(_query(settings, "select hash from evm.transactions")) == sorted(
        (h,) for h in hashes
    )


def _tamper_answer(method: str, transform: Any) -> Any:
    """A proxy tamper applying ``transform(answers, id)`` for each call of ``method``."""

    def tamper(calls: list[dict[str, Any]], answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for call in calls:
            if call["method"] == method:
                answers = transform(answers, call)
        return answers

    return tamper


def test_rpc_faults_retry_or_fail_named_and_keep_loaded_data(
    evm_node: str, replay: Any, tmp_path: Path
) -> None:
    chain = DevChain(evm_node)
    a = chain.accounts
    hashes = [chain.send(a[0], a[1], value=1), chain.send(a[1], a[0], value=1)]  # blocks 1, 2
    chain.mine(1)
    registry = write_evm_registry(tmp_path / "registry", {"alpha": [(a[0], ["optimism"], ["eoa"])]})
    settings = _settings(
        tmp_path / "home", registry, replay.url, _chain_day(chain),
        evm_blocks_per_partition=2, evm_confirmations=0,
    )  # fmt: skip
    replay.add(
        "POST",
        "/",
        Reply(429, "slow down", {"Retry-After": "1"}),
        Reply(500, "boom"),
        proxy(evm_node),
    )
    instance = dg.DagsterInstance.ephemeral()
    assert register_block_partitions(instance, settings) == ["optimism:0-1", "optimism:2-3"]
    first = [json.loads(r.body)[0]["method"] for r in replay.requests[:3]]
    assert first == ["eth_blockNumber"] * 3  # 429, 500, then answered
    assert _materialize(settings, instance, ["optimism:0-1"]).success
    loaded = "select hash, receipt_status, gas_used, partition from evm.transactions"
    assert _query(settings, loaded) == [(hashes[0], 1, 21000, "optimism:0-1")]

    drop_block_3 = _tamper_answer(
        "eth_getBlockByNumber",
        lambda answers, call: [
            x for x in answers if call["params"][0] != "0x3" or x["id"] != call["id"]
        ],
    )
    replay.add("POST", "/", proxy(evm_node, drop_block_3))
    result = _materialize(settings, instance, ["optimism:2-3"])
    assert not result.success
    assert "eth_getBlockByNumber block 3: no response with id" in _failure(result)

    def error_for(answers: list[dict[str, Any]], call: dict[str, Any]) -> list[dict[str, Any]]:
        error = {"code": -32000, "message": "header not found"}
        return [
            {"jsonrpc": "2.0", "id": x["id"], "error": error} if x["id"] == call["id"] else x
            for x in answers
        ]

    replay.add("POST", "/", proxy(evm_node, _tamper_answer("eth_getTransactionReceipt", error_for)))
    result = _materialize(settings, instance, ["optimism:0-1"])
    assert not result.success
    assert f"eth_getTransactionReceipt tx {hashes[0]}: error -32000: header not found" in _failure(
        result
    )
    assert _query(settings, loaded) == [(hashes[0], 1, 21000, "optimism:0-1")]
    assert _query(settings, "select count(*), max(number) from evm.blocks") == [(2, 1)]


_SAMPLE_NAMES = re.compile(
    r"^web3_response\.(eth_getBlockByNumber)_(0x[0-9a-f]+)_(true|false)\.json$"
    r"|^web3_response\.(eth_getTransactionReceipt)_(0x[0-9a-f]{64})\.json$"
)


def _etl_answers() -> dict[tuple[Any, ...], Any]:
    """ethereum-etl's recorded mainnet answers, keyed by (method, params...)."""
    answers: dict[tuple[Any, ...], Any] = {}
    for path in shared_data("evm", "ethereum-etl-test-resources").rglob("web3_response.*.json"):
        match = _SAMPLE_NAMES.match(path.name)
        if match and match.group(1):
            key: tuple[Any, ...] = (match.group(1), match.group(2), match.group(3) == "true")
        elif match:
            key = (match.group(4), match.group(5))
        else:
            continue
        answers[key] = json.loads(path.read_text())["result"]
    return answers


def _sample_node(answers: dict[tuple[Any, ...], Any], block_receipts: bool) -> Any:
    """A replay handler answering batches from recorded results (null when not recorded)."""
    receipts_by_block: dict[str, list[Any]] = {}
    for key, receipt in sorted(answers.items(), key=lambda kv: str(kv[0])):
        if key[0] == "eth_getTransactionReceipt":
            receipts_by_block.setdefault(receipt["blockNumber"], []).append(receipt)

    def answer(call: dict[str, Any]) -> dict[str, Any]:
        method, params = call["method"], call["params"]
        if method == "eth_getBlockReceipts" and block_receipts:
            found = sorted(
                receipts_by_block.get(params[0], []), key=lambda r: r["transactionIndex"]
            )
            return {"jsonrpc": "2.0", "id": call["id"], "result": found}
        if method == "eth_getBlockReceipts":
            error = {"code": -32601, "message": f"the method {method} does not exist"}
            return {"jsonrpc": "2.0", "id": call["id"], "error": error}
        return {"jsonrpc": "2.0", "id": call["id"], "result": answers.get((method, *params))}

    return lambda recorded: Reply(200, [answer(c) for c in json.loads(recorded.body)])


@pytest.mark.parametrize("block_receipts", [False, True])
def test_real_mainnet_blocks_and_receipts(replay: Any, block_receipts: bool) -> None:
    replay.add("POST", "/", _sample_node(_etl_answers(), block_receipts))
    token, wallet = (
        "0xf4eced2f682ce333f96f2d8966c613ded8fc95dd",
        "0x9e669f970ec0f49bb735f20799a7e7c4a1c274e2",
    )
    tracked = Tracked(addresses={token, wallet, "0x8b3b3b624c3c0397d3da8fd861512393d51dcbac"})
    with JsonRpc("mainnet", replay.url, batch_size=2) as rpc:
        fetched = [
            fetch_range(rpc, BlockRange("mainnet", start, end), tracked)
            for start, end in ((47218, 47219), (483920, 483920), (1755634, 1755635))
        ]
    blocks = [b for f in fetched for b in f.tables["blocks"].to_pylist()]
    assert [(b["number"], b["tx_count"]) for b in blocks] == [
        (47218, 2), (47219, 2), (483920, 4), (1755634, 0), (1755635, 2),
    ]  # fmt: skip
    assert blocks[0]["hash"] == "0x889c421abc62a48641eee140519e6da8c9dc01d85d8f5c4fbc3c13e3c6e4cb3e"
    txs = [t for f in fetched for t in f.tables["transactions"].to_pylist()]
    assert [t["hash"][:6] for t in txs] == ["0x04cb", "0xcea6", "0x463d", "0x2e3d"]
    first = txs[0]
    assert (first["from_address"], first["to_address"], first["input_selector"]) == (
        "0x1b63142628311395ceafeea5667e7c9026c862ca", token, "0xa9059cbb",
    )  # fmt: skip
    assert (first["gas"], first["gas_used"], first["effective_gas_price"]) == (
        0x24D45,
        0xC6A5,
        50 * 10**9,
    )
    assert first["receipt_status"] is None and first["is_contract_call"]  # pre-Byzantium: no status
    assert txs[2]["value_wei"] == str(0x2714D78692B000) and not txs[2]["is_contract_call"]
    assert txs[3]["block_timestamp"] == dt.datetime.fromtimestamp(
        int(_etl_answers()[("eth_getBlockByNumber", "0x1ac9f3", True)]["timestamp"], 16), dt.UTC
    ).replace(tzinfo=None)
    methods = [c["method"] for r in replay.requests for c in json.loads(r.body)]
    assert ("eth_getTransactionReceipt" in methods) is not block_receipts
    assert "eth_getBlockReceipts" in methods  # asked once; answered or refused


def test_real_block_receipts_of_a_recent_block(replay: Any) -> None:
    raw_block = json.loads(shared_data("evm", "helios-testdata", "rpc_block.json").read_text())
    raw_receipts = json.loads(
        shared_data("evm", "helios-testdata", "rpc_receipts.json").read_text()
    )
    number = int(raw_block["number"], 16)
    results = {"eth_getBlockByNumber": raw_block, "eth_getBlockReceipts": raw_receipts}
    replay.add(
        "POST", "/",
        lambda r: Reply(200, [
            {"jsonrpc": "2.0", "id": c["id"], "result": results[c["method"]]} for c in json.loads(r.body)
        ]),
    )  # fmt: skip
    with JsonRpc("mainnet", replay.url) as rpc:
        block = parse_block(rpc.call("eth_getBlockByNumber", [hex(number), False]), number)
        receipts = parse_block_receipts(rpc.call("eth_getBlockReceipts", [hex(number)]), block)
        with pytest.raises(
            SourceError, match=f"eth_getBlockByNumber block {number}: transactions are hashes"
        ):
            fetch_range(rpc, BlockRange("mainnet", number, number), Tracked())
    assert block.tx_count == len(receipts) == 202
    assert set(receipts) == set(raw_block["transactions"])
    assert sum(r.gas_used for r in receipts.values()) == int(raw_block["gasUsed"], 16)
    assert sum(r.status == 1 for r in receipts.values()) == sum(
        r["status"] == "0x1" for r in raw_receipts
    ) == 199  # fmt: skip
    first = receipts[raw_receipts[0]["transactionHash"]]
    assert (first.gas_used, first.effective_gas_price) == (
        int(raw_receipts[0]["gasUsed"], 16), int(raw_receipts[0]["effectiveGasPrice"], 16),
    )  # fmt: skip


def test_real_typed_transactions_parse(replay: Any) -> None:
    """Goerli blocks with typed (EIP-2718) transactions, every one parsed and matching."""
    folder = shared_data("evm", "optimism-op-service-testdata")
    raw = {
        hex(int(b["number"], 16)): b
        for b in (json.loads(p.read_text()) for p in folder.glob("*_full_*.json"))
    }
    replay.add(
        "POST", "/",
        lambda r: Reply(200, [
            {"jsonrpc": "2.0", "id": c["id"], "result": raw.get(c["params"][0])} for c in json.loads(r.body)
        ]),
    )  # fmt: skip
    with JsonRpc("goerli", replay.url) as rpc:
        parsed = fetch_blocks(rpc, sorted(int(n, 16) for n in raw))
        with pytest.raises(SourceError, match="eth_getBlockByNumber block 1: block is missing"):
            fetch_blocks(rpc, [1])
    assert [len(txs) for _, txs in parsed] == [62, 29]
    for block, txs in parsed:
        expected = raw[hex(block.number)]["transactions"]
        assert [t.hash for t in txs] == [t["hash"] for t in expected]
        assert [t.value_wei for t in txs] == [int(t["value"], 16) for t in expected]


def test_demo_chain_is_deterministic_and_discovered(evm_node: str) -> None:
    info = seed_demo_chain(evm_node, blocks_per_partition=8, confirmations=1)
    assert info["deployer"] == "0xffcf8fdee72ac11b5c542428b35eef5769c409f0"  # account 1
    assert info["deployed_contracts"][0] == "0xd3aa556287afe63102e5797bfddd2a1e8dbb3ea5"
    assert info["head"] == 24  # txs in blocks 1..17; range 16-23 complete, then 1 confirmation
    tracked = Tracked(
        addresses={info["deployer"], info["factory"]},
        deployers={info["deployer"]},
        factories={info["factory"]},
    )
    with JsonRpc("optimism", evm_node) as rpc:
        fetched = fetch_range(rpc, BlockRange("optimism", 0, 23), tracked)
    contracts = fetched.tables["contracts"].to_pylist()
    assert [c["address"] for c in contracts] == info["deployed_contracts"] + info[
        "factory_contracts"
    ]
    calls = [
        t
        for t in fetched.tables["transactions"].to_pylist()
        if t["hash"] in info["call_transactions"]
    ]
    assert len(calls) == 12 and sum(t["receipt_status"] == 0 for t in calls) == 3


def test_ranges_start_at_the_window(tmp_path: Path) -> None:
    """Blocks 6 hours apart from 2024-06-01: ranges begin at the one holding OSO_START's first block."""
    if not ganache_available():
        pytest.skip("needs ganache: run `npm ci --prefix tools`")
    start = int(dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp())
    with ganache("--chain.time", "2024-06-01T00:00:00Z") as url:
        chain = DevChain(url)
        for i in range(1, 13):  # block i at 2024-06-01 + 6 h * i; block 4 opens 2024-06-02
            chain.rpc.call("evm_mine", [{"timestamp": start + i * 6 * 3600}])
        registry = write_evm_registry(
            tmp_path / "registry", {"alpha": [(chain.accounts[0], ["optimism"], ["eoa"])]}
        )
        keys = {}
        for day in (dt.date(2024, 6, 2), dt.date(2024, 6, 5)):
            settings = _settings(
                tmp_path / "home", registry, url, day,
                evm_blocks_per_partition=3, evm_confirmations=1,
            )  # fmt: skip
            keys[day] = register_block_partitions(dg.DagsterInstance.ephemeral(), settings)
        chain.close()
    assert keys[dt.date(2024, 6, 2)] == ["optimism:3-5", "optimism:6-8", "optimism:9-11"]
    assert keys[dt.date(2024, 6, 5)] == []  # no block that new yet


def test_factory_creations_need_traces(evm_node: str, replay: Any) -> None:
    """A node without debug_traceTransaction: the factory's calls load, its creations are counted as missed."""
    chain = DevChain(evm_node)
    a = chain.accounts
    _, factory = chain.deploy(a[3], FACTORY_INIT)
    factory_call = chain.send(a[4], factory, OK_CALLDATA)

    def no_traces(answers: list[dict[str, Any]], call: dict[str, Any]) -> list[dict[str, Any]]:
        error = {"code": -32601, "message": "the method debug_traceTransaction does not exist"}
        return [
            {"jsonrpc": "2.0", "id": x["id"], "error": error} if x["id"] == call["id"] else x
            for x in answers
        ]

    replay.add("POST", "/", proxy(evm_node, _tamper_answer("debug_traceTransaction", no_traces)))
    tracked = Tracked(addresses={factory}, factories={factory})
    with JsonRpc("optimism", replay.url) as rpc:
        fetched = fetch_range(rpc, BlockRange("optimism", 0, chain.head()), tracked)
    assert fetched.tables["transactions"].column("hash").to_pylist() == [factory_call]
    assert fetched.tables["contracts"].num_rows == 0
    assert fetched.stats["traces_unavailable"] == 1 and fetched.stats["traces"] == 0
    chain.close()
