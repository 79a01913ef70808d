"""The marts OSO's example queries 16 and 17 read: models_v0 and int_events_daily_to_project.

A small hand-written warehouse (GH Archive events and EVM contract calls for three projects)
is built with dbt on DuckDB up to both marts; the expected sums are counted in plain Python
from the fixture rows. Then both marts are published to the session's chDB and the queries
are asked through the GraphQL API.

Registry: alpha lists repo 101 acme/alpha and an optimism contract; beta lists repo 201
acme/beta and a base contract; gamma lists the same base contract (so its calls count for
both beta and gamma) and nothing else. as_of = 2024-06-30: later rows are left out.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot
from fastapi.testclient import TestClient

from api.main import create_app
from oso.ids import oso_id, project_id
from oso.marts import load_published_marts
from oso.serving.publish import TableSpec
from oso.serving.store import ClickHouseStore
from oso.settings import get_settings
from tests.dbt_helpers import REPO_ROOT, create_raw_tables, run_dbt

AS_OF = "2024-06-30"
MARTS = ("models_v0", "int_events_daily_to_project")
ALPHA_CONTRACT = "0x" + "a1" * 20
BASE_CONTRACT = "0x" + "b2" * 20
SENDERS = ("0x" + "01" * 20, "0x" + "02" * 20)
REPOS = {101: "acme/alpha", 201: "acme/beta"}

PROJECT_ARTIFACTS = [
    ("alpha", "github", "https://github.com/acme/alpha", None, None, None, None),
    ("alpha", "blockchain", None, ALPHA_CONTRACT, "optimism", "contract", "main"),
    ("beta", "github", "https://github.com/acme/beta", None, None, None, None),
    ("beta", "blockchain", None, BASE_CONTRACT, "base", "contract", "main"),
    ("gamma", "blockchain", None, BASE_CONTRACT, "base", "contract", "main"),
]
CONTRACT_PROJECTS = {
    ("optimism", ALPHA_CONTRACT): ("alpha",),
    ("base", BASE_CONTRACT): ("beta", "gamma"),
}
REPO_PROJECTS = {101: "alpha", 201: "beta"}
GITHUB_TYPES = {"WatchEvent": "STARRED", "ForkEvent": "FORKED"}

# (id, GH Archive type, created_at, actor_id, repo_id)
EVENTS = [
    ("g1", "WatchEvent", "2024-06-01 10:00:00", 1, 101),
    ("g2", "WatchEvent", "2024-06-01 18:30:00", 2, 101),
    ("g3", "WatchEvent", "2024-06-02 09:00:00", 3, 101),
    ("g4", "ForkEvent", "2024-06-01 11:00:00", 2, 101),
    ("g5", "WatchEvent", "2024-06-01 12:00:00", 1, 201),
    ("g6", "WatchEvent", "2024-06-30 23:59:59", 2, 201),
    ("g7", "WatchEvent", "2024-07-01 00:00:00", 3, 201),  # after as_of
]

# (network, hash, block_timestamp, from, to, receipt_status, gas_used, effective_gas_price)
CALLS = [
    ("optimism", "0x01", "2024-06-01 01:00:00", SENDERS[0], ALPHA_CONTRACT, 1, 21000, 10),
    ("optimism", "0x02", "2024-06-01 02:00:00", SENDERS[0], ALPHA_CONTRACT, 0, 30000, 10),
    ("optimism", "0x03", "2024-06-01 03:00:00", SENDERS[1], ALPHA_CONTRACT, 1, 50000, 12),
    ("optimism", "0x04", "2024-06-03 03:00:00", SENDERS[1], ALPHA_CONTRACT, 1, 40000, 12),
    ("base", "0x05", "2024-06-01 04:00:00", SENDERS[0], BASE_CONTRACT, 1, 60000, 3),
    ("base", "0x06", "2024-06-02 05:00:00", SENDERS[0], BASE_CONTRACT, 1, 60000, 3),
    ("base", "0x07", "2024-06-02 06:00:00", SENDERS[1], BASE_CONTRACT, 1, 61000, 3),
    ("base", "0x08", "2024-07-01 06:00:00", SENDERS[1], BASE_CONTRACT, 1, 61000, 3),  # after
]


def _create_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        create_raw_tables(con)
        con.executemany(
            "insert into gharchive.events values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (eid, type_, f"{at}+00", actor, f"user{actor}", repo, REPOS[repo], "acme", "{}", f"{at[:13]}:00:00+00")
                for eid, type_, at, actor, repo in EVENTS
            ],
        )  # fmt: skip
        con.executemany(
            "insert into ossd.projects values (?, ?, ?, 1, ?)",
            [(p, p.title(), None, f"projects/{p[0]}/{p}.yaml") for p in ("alpha", "beta", "gamma")],
        )
        con.executemany(
            "insert into ossd.project_artifacts values (?, ?, ?, ?, ?, ?, ?)", PROJECT_ARTIFACTS
        )
        con.executemany(
            "insert into evm.transactions (network, hash, block_number, block_timestamp, tx_index,"
            " from_address, to_address, value_wei, gas, gas_price, input_selector,"
            " is_contract_call, receipt_status, gas_used, effective_gas_price, contract_address,"
            " partition) values (?, ?, ?, ?, 0, ?, ?, '0', 100000, ?, '0xa9059cbb', true, ?, ?,"
            " ?, null, '0-10000')",
            [
                (net, tx, i + 1, at, sender, to, price, status, gas, price)
                for i, (net, tx, at, sender, to, status, gas, price) in enumerate(CALLS)
            ],
        )
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict]]:
    """The warehouse after `dbt build` of both marts (and their tests), plus dbt's manifest."""
    work_dir = tmp_path_factory.mktemp("dbt_api_marts")
    db_path = work_dir / "warehouse.duckdb"
    _create_warehouse(db_path)
    run_dbt(
        [
            *("build", "--select", "+int_events_daily_to_project", "models_v0", "projects_v1"),
            *("--indirect-selection", "cautious"),
        ],
        work_dir=work_dir,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(db_path)},
        dbt_vars=f"{{as_of: '{AS_OF}'}}",
        timeout=240,
    )
    run_results = json.loads((work_dir / "target" / "run_results.json").read_text())
    statuses = {r["unique_id"]: r["status"] for r in run_results["results"]}
    assert {f"model.oso.{m}" for m in MARTS} <= set(statuses)
    # The base contract listed by beta and gamma is warned about, never an error.
    warned = {uid for uid, status in statuses.items() if status == "warn"}
    assert {uid.split(".")[2] for uid in warned} == {"assert_artifact_in_one_project"}, warned
    assert set(statuses.values()) <= {"success", "pass", "warn"}, statuses
    manifest = json.loads((work_dir / "target" / "manifest.json").read_text())
    con = duckdb.connect(str(db_path), read_only=True)
    yield con, manifest
    con.close()


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _expected_daily() -> dict[tuple[str, str, str, str], tuple[float, int]]:
    """(project, day, event_source, event_type) -> (amount, event_count), from the fixture rows."""
    amounts: dict[tuple[str, str, str, str], float] = defaultdict(float)
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for _, type_, at, _, repo in EVENTS:
        if at[:10] <= AS_OF:
            key = (REPO_PROJECTS[repo], at[:10], "GITHUB", GITHUB_TYPES[type_])
            amounts[key] += 1.0
            counts[key] += 1
    # EVM events are one per (day, sender, contract): amount = calls, count = pairs.
    pairs: dict[tuple[str, str, str, str], list[tuple[int, int, int]]] = defaultdict(list)
    for net, _, at, sender, to, status, gas, price in CALLS:
        if at[:10] <= AS_OF:
            pairs[(net, at[:10], sender, to)].append((status, gas, price))
    for (net, day, _, to), calls in pairs.items():
        per_type = {
            "CONTRACT_INVOCATION_DAILY_COUNT": float(len(calls)),
            "CONTRACT_INVOCATION_SUCCESS_DAILY_COUNT": float(sum(s == 1 for s, _, _ in calls)),
            "CONTRACT_INVOCATION_DAILY_L2_GAS_USED": float(sum(g * p for _, g, p in calls)),
        }
        for project in CONTRACT_PROJECTS[(net, to)]:
            for event_type, amount in per_type.items():
                if event_type.startswith("CONTRACT_INVOCATION_SUCCESS") and amount == 0:
                    continue  # no success event for a pair without successful calls
                key = (project, day, net.upper(), event_type)
                amounts[key] += amount
                counts[key] += 1
    return {key: (amounts[key], counts[key]) for key in amounts}


def test_int_events_daily_to_project_matches_a_plain_count(built: tuple) -> None:
    con, _ = built
    got = {
        (names[r["project_id"]], str(r["bucket_day"]), r["event_source"], r["event_type"]): (
            r["amount"],
            r["event_count"],
        )
        for names in [{project_id(p): p for p in ("alpha", "beta", "gamma")}]
        for r in _rows(con, "select * from marts.int_events_daily_to_project")
    }
    expected = _expected_daily()
    assert got == expected
    assert {k[0] for k in got} == {"alpha", "beta", "gamma"}
    assert {k[3] for k in got} >= {"STARRED", "FORKED", "CONTRACT_INVOCATION_DAILY_COUNT"}
    columns = [c[0] for c in con.execute("describe marts.int_events_daily_to_project").fetchall()]
    assert columns == [
        "bucket_day",
        "project_id",
        "event_source",
        "event_type",
        "amount",
        "event_count",
    ]


@pytest.mark.parametrize("project", ["alpha", "beta", "gamma"])
def test_oso_query_16_onchain_totals(built: tuple, project: str) -> None:
    con, _ = built
    got = dict(
        con.execute(
            "select event_source, sum(amount) from marts.int_events_daily_to_project"
            " where project_id = ? and event_type = 'CONTRACT_INVOCATION_DAILY_COUNT'"
            " group by event_source",
            [project_id(project)],
        ).fetchall()
    )
    calls = Counter(
        net.upper()
        for net, _, at, _, to, *_ in CALLS
        if at[:10] <= AS_OF and project in CONTRACT_PROJECTS[(net, to)]
    )
    assert got == {source: float(n) for source, n in calls.items()}


def _manifest_models(manifest: dict) -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == "oso"
    }


def test_models_v0_lists_every_model_of_the_manifest(built: tuple) -> None:
    con, manifest = built
    models = _manifest_models(manifest)
    rows = {r["model_name"]: r for r in _rows(con, "select * from marts.models_v0")}
    assert set(rows) == set(models)
    assert len(rows) > 50  # staging, intermediate, marts and the metric models
    published = set(load_published_marts())
    for name, node in models.items():
        row = rows[name]
        assert row["model_id"] == oso_id("MODEL", "OSO", "oso", name)
        assert row["rendered_sql"] == node["raw_code"], name
        assert row["sql_source_path"] == f"dbt/{node['original_file_path']}"
        assert (
            row["rendered_sql"].strip() == (REPO_ROOT / row["sql_source_path"]).read_text().strip()
        )
        assert row["model_layer"] == node["fqn"][1]
        assert row["materialization"] == node["config"]["materialized"]
        assert row["is_published"] is (name in published), name
    assert {r["model_layer"] for r in rows.values()} == {"staging", "intermediate", "marts"}
    assert rows["models_v0"]["is_published"] and not rows["int_events"]["is_published"]
    assert rows["int_events"]["materialization"] == "incremental"
    # SQL with quotes and newlines survives the string literal.
    assert "'" in rows["int_events_daily_to_project"]["rendered_sql"]
    assert "\n" in rows["int_events_daily_to_project"]["rendered_sql"]
    rendered_at = {r["rendered_at"] for r in rows.values()}
    assert len(rendered_at) == 1
    age = dt.datetime.now(dt.UTC).replace(tzinfo=None) - rendered_at.pop()
    assert dt.timedelta(0) <= age < dt.timedelta(minutes=15)


def test_oso_query_17_model_discovery(built: tuple) -> None:
    con, manifest = built
    stable = {
        r[0]
        for r in con.execute(
            "select model_name from marts.models_v0 where model_name like '%_v1'"
        ).fetchall()
    }
    expected = {n for n in _manifest_models(manifest) if len(n) >= 3 and n.endswith("v1")}
    assert stable == expected
    assert {"projects_v1", "code_metrics_by_project_v1"} <= stable


@pytest.fixture(scope="module")
def api(
    built: tuple, chdb_client: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """Both marts published (as the clickhouse/<mart> assets do) and served over HTTP."""
    con, _ = built
    specs = {name: load_published_marts()[name] for name in MARTS}
    database = f"t_api_marts_{uuid.uuid4().hex[:12]}"
    chdb_client.command(f"CREATE DATABASE `{database}`")
    store = ClickHouseStore(chdb_client, database)
    for name, spec in specs.items():
        table = con.execute(f"select * from marts.{name}").to_arrow_table()
        assert table.column_names == spec.column_names
        store.publish(TableSpec(name, spec.order_by, spec.clickhouse_types()), table)
    settings = get_settings(home=tmp_path_factory.mktemp("oso_home"))
    with TestClient(create_app(settings, store=store, marts=specs)) as client:
        yield client
    chdb_client.command(f"DROP DATABASE IF EXISTS `{database}`")


def _gql(client: TestClient, query: str) -> Any:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body.get("errors")
    return body["data"]


def test_api_serves_query_16_and_17(built: tuple, api: TestClient) -> None:
    con, _ = built
    rows = _gql(
        api,
        f'{{ oso_intEventsDailyToProject(where: {{projectId: {{_eq: "{project_id("beta")}"}},'
        ' eventType: {_eq: "CONTRACT_INVOCATION_DAILY_COUNT"}}, limit: 1000)'
        " { eventSource amount eventCount bucketDay } }",
    )["oso_intEventsDailyToProject"]
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row["eventSource"]] += row["amount"]
    assert totals == {"BASE": 3.0}  # 0x05..0x07; 0x08 is after as_of
    models = _gql(
        api,
        '{ oso_modelsV0(where: {modelName: {_like: "%_v1"}}, limit: 1000)'
        " { modelId modelName renderedSql renderedAt isPublished } }",
    )["oso_modelsV0"]
    stable = con.execute(
        "select model_name, rendered_sql from marts.models_v0 where model_name like '%_v1'"
    ).fetchall()
    assert {(m["modelName"], m["renderedSql"]) for m in models} == set(stable)
    assert all(m["isPublished"] for m in models if m["modelName"] == "projects_v1")


def test_models_v0_sql_literals_round_trip_in_bigquery(
    built: tuple, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """BigQuery escapes differ from DuckDB's: the compiled literals must still read back exactly."""
    _, manifest = built
    work_dir = tmp_path_factory.mktemp("dbt_api_marts_bigquery")
    bq_vars = f"{{as_of: '{AS_OF}'}}"
    run_dbt(["parse"], work_dir=work_dir, target="bigquery_offline", dbt_vars=bq_vars)
    run_dbt(
        ["compile", "--no-populate-cache", "--select", "models_v0"],
        work_dir=work_dir,
        target="bigquery_offline",
        dbt_vars=bq_vars,
    )
    compiled = (work_dir / "target/compiled/oso/models/marts/models_v0.sql").read_text()
    assert "to_hex(sha256(" in compiled
    selects = [
        {
            e.alias: e.this.this
            for e in select.expressions
            if isinstance(e.this, sqlglot.exp.Literal)
        }
        for select in sqlglot.parse_one(compiled, read="bigquery").find_all(sqlglot.exp.Select)
    ]
    by_name = {s["model_name"]: s for s in selects if "model_name" in s}
    models = _manifest_models(manifest)
    assert set(by_name) == set(models)
    for name, node in models.items():
        assert by_name[name]["rendered_sql"] == node["raw_code"], name
        assert by_name[name]["description"] == node["description"].strip(), name
