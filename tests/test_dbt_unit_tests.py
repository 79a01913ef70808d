"""The dbt unit tests of the metric layer (dbt/models/intermediate/metrics/_metrics__unit_tests.yml).

dbt unit tests mock every input with hand-written rows, but dbt still reads the column types of
the tested models' parents from the warehouse. So: an empty DuckDB warehouse (raw tables only),
`dbt run --empty` of the tested models and everything upstream of them (relations with the
right columns and no rows), then `dbt test` of their unit tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from tests.dbt_helpers import DBT_PROJECT_DIR, create_raw_tables, run_dbt

# The unit tests override as_of where the model reads it; this one only has to be valid.
DBT_VARS = "{as_of: '2024-06-30'}"
CATALOGUE = DBT_PROJECT_DIR / "macros" / "metrics" / "catalogue.sql"


def _catalogue_metrics() -> set[str]:
    names = set(re.findall(r"\{'name': '(\w+)', 'display_name'", CATALOGUE.read_text()))
    assert len(names) >= 29, names
    return names


def _create_empty_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        create_raw_tables(con)
    finally:
        con.close()


def test_metric_unit_tests(tmp_path: Path) -> None:
    db_path = tmp_path / "warehouse.duckdb"
    _create_empty_warehouse(db_path)
    env = {"OSO_DBT_DUCKDB_PATH": str(db_path)}

    run_dbt(
        [
            "run",
            "--empty",
            "--select",
            "+int_metric_periods",
            "+path:models/intermediate/metrics/catalogue",
        ],
        work_dir=tmp_path,
        target="embedded",
        env=env,
        dbt_vars=DBT_VARS,
        timeout=600,
    )
    # run_dbt asserts exit code 0 (it fails with dbt's output when a unit test fails).
    run_dbt(
        ["test", "--select", "test_type:unit"],
        work_dir=tmp_path,
        target="embedded",
        env=env,
        dbt_vars=DBT_VARS,
        timeout=600,
    )

    target = tmp_path / "target"
    results = json.loads((target / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"]: r["status"] for r in results}
    unit_tests = {uid: s for uid, s in statuses.items() if uid.startswith("unit_test.")}
    assert unit_tests, statuses
    assert all(status == "pass" for status in unit_tests.values()), unit_tests
    metrics = _catalogue_metrics()
    assert len(unit_tests) >= len(metrics), sorted(unit_tests)

    # Every catalogue metric has expected rows in some unit test that ran.
    manifest = json.loads((target / "manifest.json").read_text())
    expected: set[str] = set()
    for uid in unit_tests:
        expect = manifest["unit_tests"][uid]["expect"]
        if expect.get("format", "dict") == "dict":
            expected |= {row["metric"] for row in expect["rows"] or [] if "metric" in row}
    assert metrics <= expected, sorted(metrics - expected)
