"""Retained versions, rollback, failed publishes, indexes, and the ``oso publish`` command.

In-process tests use the session's chDB (``serving_store``); the API test runs the real
server (its own process, its own OSO_HOME) and the CLI tests run ``oso`` in subprocesses,
each with its own OSO_HOME, since one process may open only one chDB directory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from oso.marts import CLICKHOUSE_TYPES, load_published_marts
from oso.serving import publish
from oso.serving.errors import PublishError, SpecError, VersionError
from oso.serving.lease import open_store
from oso.serving.publish import IndexSpec, TableSpec
from oso.serving.remote import RemoteStore
from oso.serving.store import ClickHouseStore
from oso.settings import Settings
from tests.serving_helpers import free_port, projects, projects_spec, running_api


def _count(store: ClickHouseStore, table: str = "projects_v1") -> int:
    _, rows = store.query_rows(f"SELECT count() FROM `{store.database}`.`{table}`")
    return int(rows[0][0])


def _tables(store: ClickHouseStore) -> list[str]:
    _, rows = store.query_rows(
        "SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name",
        {"db": store.database},
    )
    return [r[0] for r in rows]


def _store(serving_store: ClickHouseStore, keep: int) -> ClickHouseStore:
    return ClickHouseStore(serving_store.client, serving_store.database, keep_versions=keep)


def test_versions_are_retained_and_pruned(serving_store: ClickHouseStore) -> None:
    store = _store(serving_store, keep=2)
    results = [store.publish(projects_spec(), projects(n, str(n))) for n in (1, 2, 3, 4, 5)]
    assert all(re.fullmatch(r"v\d{20}", r.version) for r in results)
    assert [r.retired_version for r in results] == [None] + [r.version for r in results[:-1]]
    assert results[3].pruned == (results[0].version,)
    assert results[4].pruned == (results[1].version,)
    infos = store.versions("projects_v1")
    assert [(i.version, i.rows, i.serving) for i in infos] == [
        (results[4].version, 5, True),
        (results[3].version, 4, False),
        (results[2].version, 3, False),
    ]
    stamp = dt.datetime.fromisoformat(infos[0].published_at)
    assert abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) < 120
    assert [t for t in _tables(store) if t.startswith("projects_v1")] == sorted(
        ["projects_v1", f"projects_v1__{results[3].version}", f"projects_v1__{results[2].version}"]
    )


def test_rollback_to_newest_then_undo_then_named(serving_store: ClickHouseStore) -> None:
    r1, r2, r3 = (serving_store.publish(projects_spec(), projects(n, str(n))) for n in (2, 3, 4))
    back = serving_store.rollback("projects_v1")
    assert (back.version, back.rows, back.retired_version) == (r2.version, 3, r3.version)
    assert _count(serving_store) == 3
    undo = serving_store.rollback("projects_v1", to=back.retired_version)
    assert (undo.version, _count(serving_store)) == (r3.version, 4)
    named = serving_store.rollback("projects_v1", to=f"projects_v1__{r1.version}")
    assert (named.version, _count(serving_store)) == (r1.version, 2)
    infos = serving_store.versions("projects_v1")
    assert [(i.version, i.rows, i.serving) for i in infos] == [
        (r1.version, 2, True),
        (r3.version, 4, False),
        (r2.version, 3, False),
    ]
    _, log = serving_store.query_rows(
        f"SELECT action, version, rows FROM `{serving_store.database}`._publish_log ORDER BY at"
    )
    assert [row[0] for row in log] == ["publish"] * 3 + ["rollback"] * 3
    assert log[-1] == ("rollback", r1.version, 2)
    with pytest.raises(VersionError, match="retained: "):
        serving_store.rollback("projects_v1", to="v20000101000000000000")
    with pytest.raises(VersionError, match="not published"):
        serving_store.rollback("collections_v1")


def _null_key(table: pa.Table) -> pa.Table:
    ids = pa.array([None, *table.column("project_id").to_pylist()[1:]], pa.string())
    return table.set_column(0, "project_id", ids)


FAILURES: dict[str, tuple[Any, ...]] = {
    "null key": (projects_spec(), _null_key, None, "key column 'project_id' has 1 NULLs"),
    "missing key": (TableSpec("projects_v1", ("nope",)), None, None, r"\['nope'\] are not"),
    "row count": (projects_spec(), None, 7, "holds 4 rows, the warehouse has 7"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_failed_publish_keeps_serving_and_leaves_no_staging(
    serving_store: ClickHouseStore, case: str
) -> None:
    first = serving_store.publish(projects_spec(), projects(2))
    spec, change, expected_rows, message = FAILURES[case]
    table = projects(4, "new")
    with pytest.raises(PublishError, match=message):
        serving_store.publish(spec, change(table) if change else table, expected_rows)
    assert _count(serving_store) == 2
    assert [i.version for i in serving_store.versions("projects_v1")] == [first.version]
    assert "projects_v1__staging" not in _tables(serving_store)


def test_exception_mid_insert_drops_the_staging_table(
    serving_store: ClickHouseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "INSERT_CHUNK_ROWS", 2)  # the bad row is in the second chunk
    spec = TableSpec("sample", ("id",), {"id": "String", "n": "Int64"})
    good = serving_store.publish(spec, pa.table({"id": ["a", "b", "c"], "n": [1, 2, 3]}))
    bad = pa.table({"id": ["a", "b", "c", "d"], "n": ["1", "2", "three", "4"]})
    with pytest.raises(PublishError, match=r"failed while loading.*Cannot parse string 'three'"):
        serving_store.publish(spec, bad)
    _, rows = serving_store.query_rows(f"SELECT sum(n) FROM `{serving_store.database}`.sample")
    assert rows == [(6,)]
    assert [i.version for i in serving_store.versions("sample")] == [good.version]
    assert "sample__staging" not in _tables(serving_store)


def test_empty_mart_publishes_only_when_the_warehouse_is_empty(
    serving_store: ClickHouseStore,
) -> None:
    serving_store.publish(projects_spec(), projects(3))
    with pytest.raises(PublishError, match="holds 0 rows, the warehouse has 3"):
        serving_store.publish(projects_spec(), projects(0), expected_rows=3)
    assert _count(serving_store) == 3
    assert serving_store.publish(projects_spec(), projects(0), expected_rows=0).rows == 0
    assert _count(serving_store) == 0


def _sample(spec: Any) -> pa.Table:
    values = {
        "string": ["a", "b"],
        "int64": [1, 2],
        "float64": [1.5, 2.5],
        "date": [dt.date(2024, 1, 1)] * 2,
        "timestamp": [dt.datetime(2024, 1, 1, tzinfo=dt.UTC)] * 2,
        "bool": [True, False],
    }
    return pa.table({c.name: values[c.type] for c in spec.columns})


def test_published_tables_have_the_specs_types_keys_and_indexes(
    serving_store: ClickHouseStore,
) -> None:
    marts = load_published_marts()
    db = {"db": serving_store.database}
    for spec in marts.values():
        serving_store.publish(spec.table_spec(), _sample(spec))
    _, columns = serving_store.query_rows(
        "SELECT table, name, type FROM system.columns WHERE database = {db:String}", db
    )
    _, indexes = serving_store.query_rows(
        "SELECT table, name, type_full, granularity FROM system.data_skipping_indices "
        "WHERE database = {db:String}",
        db,
    )
    _, keys = serving_store.query_rows(
        "SELECT name, sorting_key FROM system.tables WHERE database = {db:String}", db
    )
    for spec in marts.values():
        assert {n: t for m, n, t in columns if m == spec.name} == spec.clickhouse_types()
        assert {(n, t, g) for m, n, t, g in indexes if m == spec.name} == {
            (i.name, i.type, i.granularity) for i in spec.indexes
        }
        assert dict(keys)[spec.name] == ", ".join(spec.order_by)
    by_mart = {(m, n): t for m, n, t, _ in indexes}
    ngram = "ngrambf_v1(3, 1024, 2, 0)"
    assert by_mart[("projects_v1", "idx_display_name_ngrambf_v1")] == ngram
    assert by_mart[("projects_v1", "idx_project_name_ngrambf_v1")] == ngram
    assert by_mart[("artifacts_by_project_v1", "idx_artifact_namespace_bloom_filter")]
    assert ("timeseries_metrics_by_project_v0", "idx_project_id_bloom_filter") in by_mart
    assert ("key_metrics_by_project_v0", "idx_metric_id_bloom_filter") in by_mart
    projects_types = marts["projects_v1"].clickhouse_types()
    assert projects_types["project_source"] == "LowCardinality(Nullable(String))"
    assert projects_types["display_name"] == CLICKHOUSE_TYPES["string"]  # meta.serving.not_null
    _, plan = serving_store.query_rows(
        f"EXPLAIN indexes = 1 SELECT count() FROM `{serving_store.database}`.projects_v1 "
        "WHERE display_name LIKE '%abc%'"
    )
    assert "idx_display_name_ngrambf_v1" in "\n".join(r[0] for r in plan)


@pytest.mark.parametrize(
    "build",
    [
        lambda: TableSpec("projects_v1; DROP TABLE x"),
        lambda: TableSpec("t", column_types={"a": "String) ENGINE = Log; --"}),
        lambda: TableSpec("t", ("a`b",)),
        lambda: IndexSpec(("a",), "minmax) TYPE set(1"),
        lambda: IndexSpec(("a", "b"), "ngrambf_v1(3, 1024, 2, 0)"),
        lambda: IndexSpec(("a",), "bloom_filter", granularity=0),
        lambda: TableSpec.from_json({"name": "t", "indexes": [{"type": "minmax"}]}),
    ],
)
def test_specs_refuse_anything_but_plain_names_and_known_types(build: Any) -> None:
    with pytest.raises(SpecError):
        build()


def test_text_index_needs_a_non_null_column(serving_store: ClickHouseStore) -> None:
    index = IndexSpec(("description",), "ngrambf_v1(3, 1024, 2, 0)")
    spec = TableSpec("projects_v1", ("project_id",), indexes=(index,))
    with pytest.raises(SpecError, match="needs a non-NULL String column"):
        serving_store.publish(spec, projects(2))
    assert "projects_v1__staging" not in _tables(serving_store)


def test_mart_yaml_is_checked(tmp_path: Path) -> None:
    marts = tmp_path / "models" / "marts"
    marts.mkdir(parents=True)
    (marts / "m.yml").write_text(
        "models:\n  - name: m\n    config: {meta: {serving: {publish: true, order_by: [a], "
        "indexes: [{columns: [b], type: 'ngrambf_v1(3, 1024, 2, 0)'}]}}}\n"
        "    columns:\n      - {name: a, data_type: string}\n      - {name: b, data_type: string}\n"
    )
    with pytest.raises(ValueError, match=r"add b to meta\.serving\.not_null"):
        load_published_marts(tmp_path)


def test_non_atomic_database_is_refused(serving_store: ClickHouseStore) -> None:
    database = f"{serving_store.database}_mem"
    serving_store.client.command(f"CREATE DATABASE `{database}` ENGINE = Memory")
    try:
        with pytest.raises(PublishError, match=r"Memory engine.*needs an Atomic database"):
            ClickHouseStore(serving_store.client, database).publish(projects_spec(), projects(1))
    finally:
        serving_store.client.command(f"DROP DATABASE IF EXISTS `{database}`")


def test_tables_of_earlier_releases_become_versions(serving_store: ClickHouseStore) -> None:
    db = f"`{serving_store.database}`"
    for name, rows in (("projects_v1", 2), ("projects_v1__previous", 1)):
        serving_store.client.command(
            f"CREATE TABLE {db}.{name} (project_id String) ENGINE = MergeTree ORDER BY project_id"
        )
        serving_store.client.insert(
            f"{db}.{name}", [[f"x{i}"] for i in range(rows)], ["project_id"]
        )
    serving_store.client.command(
        f"CREATE TABLE {db}._publish_log (table String, rows Int64, published_at DateTime64(0, "
        "'UTC')) ENGINE = MergeTree ORDER BY published_at"
    )
    serving_store.client.command(f"INSERT INTO {db}._publish_log VALUES ('projects_v1', 2, now())")
    before = serving_store.versions("projects_v1")
    assert [(i.version == "", i.rows, i.serving) for i in before] == [
        (True, 2, True),
        (False, 1, False),
    ]
    new = serving_store.publish(projects_spec(), projects(3))
    after = serving_store.versions("projects_v1")
    assert [(i.rows, i.serving) for i in after] == [(3, True), (2, False), (1, False)]
    assert after[1].version == new.retired_version and after[2].version == before[1].version
    assert "projects_v1__previous" not in _tables(serving_store)
    _, log = serving_store.query_rows(
        f"SELECT rows, action, version = {{v:String}}, published_at = at FROM {db}._publish_log "
        "ORDER BY at",
        {"v": new.version},
    )
    assert log == [(2, "publish", False, True), (3, "publish", True, True)]


def test_readers_see_only_complete_versions(serving_store: ClickHouseStore) -> None:
    sizes = (300, 1200)
    serving_store.publish(projects_spec(), projects(sizes[0]))
    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                seen.append(_count(serving_store))
            except BaseException as exc:  # any error fails the test below
                errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for i in range(20):
            serving_store.publish(projects_spec(), projects(sizes[(i + 1) % 2], tag=str(i)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not errors, errors[:3]
    assert len(seen) > 20, "the readers made too few queries to overlap the publishes"
    assert set(seen) <= set(sizes), f"a reader saw a partial table: {sorted(set(seen))}"
    assert _count(serving_store) == sizes[0]  # 20 publishes alternate back to the first size


def test_internal_routes_roll_back_list_and_notify(
    serving_store: ClickHouseStore, tmp_path: Path
) -> None:
    first = serving_store.publish(projects_spec(), projects(2))
    serving_store.publish(projects_spec(), projects(5, "b"))
    serving_store.serving_token = "secret"  # type: ignore[attr-defined]
    app = create_app(Settings(home=tmp_path), store=serving_store)  # type: ignore[call-arg]
    notified: list[str] = []
    app.state.on_publish = notified.append
    auth = {"X-OSO-Serving-Token": "secret"}
    with TestClient(app) as client:
        listed = client.post(
            "/internal/serving/versions", json={"name": "projects_v1"}, headers=auth
        )
        assert listed.status_code == 200
        assert [v["rows"] for v in listed.json()["versions"]] == [5, 2]
        back = client.post("/internal/serving/rollback", json={"name": "projects_v1"}, headers=auth)
        assert back.status_code == 200 and back.json()["version"] == first.version
        assert notified == ["projects_v1"] and _count(serving_store) == 2
        missing = client.post(
            "/internal/serving/rollback", json={"name": "projects_v1", "to": "v1"}, headers=auth
        )
        assert missing.status_code == 404 and "retained" in missing.json()["detail"]
        bad_name = client.post("/internal/serving/rollback", json={"name": "x;y"}, headers=auth)
        assert bad_name.status_code == 422
        spec = {**projects_spec().to_json(), "indexes": [{"columns": ["a"], "type": "minmax) --"}]}
        bad_spec = client.post(
            "/internal/serving/publish",
            content=b"",
            headers={**auth, "X-OSO-Table-Spec": json.dumps(spec)},
        )
        assert bad_spec.status_code == 400 and "index type" in bad_spec.json()["detail"]
        no_token = client.post("/internal/serving/versions", json={})
        assert no_token.status_code == 403
    assert notified == ["projects_v1"]  # failed requests notify nobody


@pytest.fixture
def api_home(tmp_path: Path) -> Iterator[Settings]:
    port = free_port()
    home = tmp_path / "home"
    env = {**os.environ, "OSO_HOME": str(home), "OSO_API_PORT": str(port), "OSO_END": "2015-01-01"}
    with running_api(env):
        yield Settings(home=home, api_port=port, end="2015-01-01")  # type: ignore[arg-type]


def test_versions_and_rollback_through_the_api_holding_the_lease(api_home: Settings) -> None:
    with open_store(api_home) as store:
        assert isinstance(store, RemoteStore)
        first = store.publish(projects_spec(), projects(3))
        second = store.publish(projects_spec(), projects(6, "b"), expected_rows=6)
        assert second.retired_version == first.version
        assert [(v.version, v.rows) for v in store.versions("projects_v1")] == [
            (second.version, 6),
            (first.version, 3),
        ]
        back = store.rollback("projects_v1")
        assert (back.version, back.retired_version) == (first.version, second.version)
        _, rows = store.query_rows(f"SELECT count() FROM `{store.database}`.projects_v1")
        assert rows == [(3,)]
        with pytest.raises(VersionError, match="404"):
            store.rollback("projects_v1", to="v20000101000000000000")
        with pytest.raises(PublishError, match="holds 3 rows, the warehouse has 4"):
            store.publish(projects_spec(), projects(3), expected_rows=4)


def _oso(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OSO_HOME": str(home), "OSO_END": "2015-01-01", "OSO_TARGET": "embedded"}
    return subprocess.run(
        [sys.executable, "-m", "oso.cli", "publish", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _warehouse_projects(home: Path, n: int) -> None:
    """``marts.projects_v1`` in OSO_HOME's DuckDB warehouse, ``n`` rows."""
    home.mkdir(parents=True, exist_ok=True)
    rows = projects(n, f"w{n}")
    with duckdb.connect(str(home / "warehouse.duckdb")) as con:
        con.execute("create schema if not exists marts")
        con.register("incoming", rows)
        con.execute("create or replace table marts.projects_v1 as select * from incoming")


def _listed(result: subprocess.CompletedProcess[str]) -> list[tuple[str, int, bool]]:
    """(version, rows, serving) of each line ``oso publish --list`` printed."""
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()[1:]]
    return [(cells[1], int(cells[2]), cells[-1] == "serving") for cells in lines]


def test_oso_publish_list_and_rollback_in_a_subprocess(tmp_path: Path) -> None:
    home = tmp_path / "cli"
    _warehouse_projects(home, 3)
    first = _oso(home, "projects_v1")
    assert first.returncode == 0, first.stderr
    assert re.search(r"projects_v1: 3 rows published as v\d{20}$", first.stdout.strip())
    _warehouse_projects(home, 5)
    second = _oso(home, "projects_v1")
    assert second.returncode == 0 and "replaced table kept as v" in second.stdout, second.stderr
    before = _listed(_oso(home, "--list", "projects_v1"))
    assert [(rows, serving) for _, rows, serving in before] == [(5, True), (3, False)]
    back = _oso(home, "--rollback", "projects_v1")
    assert back.returncode == 0, back.stderr
    assert f"now serving {before[1][0]} (3 rows)" in back.stdout
    after = _listed(_oso(home, "--list", "projects_v1"))
    assert after == [(before[1][0], 3, True), (before[0][0], 5, False)]
    undo = _oso(home, "--rollback", "projects_v1", "--to", before[0][0])
    assert undo.returncode == 0 and f"now serving {before[0][0]} (5 rows)" in undo.stdout
    missing = _oso(home, "--rollback", "projects_v1", "--to", "v20000101000000000000")
    assert missing.returncode == 2 and "retained: " in missing.stderr
    unknown = _oso(home, "no_such_mart")
    assert unknown.returncode == 2 and "not published marts: no_such_mart" in unknown.stderr
    misuse = _oso(home, "--to", before[0][0])
    assert misuse.returncode == 2 and "--to needs --rollback" in misuse.stderr
