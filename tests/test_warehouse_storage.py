"""The embedded warehouse file is created in DuckDB's current storage format."""

from __future__ import annotations

from pathlib import Path

import duckdb

from oso.warehouse import WAREHOUSE_STORAGE_VERSION, create_warehouse


def _storage_version(path: Path) -> str:
    with duckdb.connect(str(path)) as con:
        row = con.execute(
            "select tags['storage_version'] from duckdb_databases() where database_name = ?",
            [path.stem],
        ).fetchone()
    assert row is not None
    return str(row[0])


def test_create_warehouse_uses_the_current_storage_format(tmp_path: Path) -> None:
    path = tmp_path / "home" / "warehouse.duckdb"
    create_warehouse(path)
    assert _storage_version(path) == f"{WAREHOUSE_STORAGE_VERSION}+"
    # A plain connection (dbt, dlt) keeps the file's format.
    with duckdb.connect(str(path)) as con:
        con.execute("create table t as select range as n from range(10)")
    assert _storage_version(path) == f"{WAREHOUSE_STORAGE_VERSION}+"


def test_create_warehouse_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table kept as select 1 as n")
    create_warehouse(path)
    assert _storage_version(path) == "v1.0.0+"
    with duckdb.connect(str(path)) as con:
        assert con.execute("select n from kept").fetchall() == [(1,)]
