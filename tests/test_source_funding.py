"""oss-funding through the real Dagster asset, dlt, a DuckDB warehouse file and dbt.

Runs on the real oss-funding snapshot in ../shared/data/funding (5,071 grants; one malformed
DAOIP-5 file upstream). Expected counts and sums are computed here with the csv/json modules,
independently of the loader (which reads the CSV with DuckDB).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from dagster_project.funding.assets import build_funding_assets
from oso.ids import oso_id
from oso.settings import Settings
from oso.sources.funding.demo import write_demo_funding
from oso.sources.funding.helpers import load_funding_folder
from tests.conftest import shared_data
from tests.dbt_helpers import run_dbt

BAD_JSON = "daoip5/questbook/grantsPoolURI.json"
TABLES = ("grants", "funders", "daoip5_grant_pools", "daoip5_applications", "daoip5_projects")


def _valid_csv_row(row: list[str]) -> bool:
    """The loader's rules, restated: 7 fields, finite amount, ISO date, JSON metadata, funder, pool."""
    if len(row) != 7 or not row[3].strip() or not row[4].strip():
        return False
    try:
        dt.date.fromisoformat(row[2])
        json.loads(row[5])
        return math.isfinite(float(row[1]))
    except ValueError:
        return False


def _csv_rows(path: Path) -> tuple[list[list[str]], list[int]]:
    """Good rows and the line numbers of bad ones (no value spans lines in these files)."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    good = [r for r in rows if _valid_csv_row(r)]
    return good, [n for n, r in enumerate(rows, start=2) if not _valid_csv_row(r)]


def _daoip5_counts(folder: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in (folder / "daoip5").rglob("*.json"):
        try:
            doc = json.loads(path.read_text())
        except json.JSONDecodeError:
            continue
        pools = doc.get("grantPools") or doc.get("grant_pools") or doc.get("grantsPools")
        if doc.get("type") == "Project":
            counts["daoip5_projects"] += 1
        for pool in pools or []:
            key = "daoip5_applications" if "applications" in pool else "daoip5_grant_pools"
            counts[key] += len(pool["applications"]) if "applications" in pool else 1
    return counts


def _materialize(settings: Settings) -> tuple[dg.ExecuteInProcessResult, dg.DagsterInstance]:
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(build_funding_assets(settings), instance=instance)
    assert result.success
    return result, instance


def _query(settings: Settings, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def _counts(settings: Settings) -> dict[str, int]:
    return {t: _query(settings, f"select count(*) from funding.{t}")[0][0] for t in TABLES}


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The real folder materialized twice into one warehouse (the second run must change nothing)."""
    settings = Settings(home=tmp_path_factory.mktemp("funding"), funding_dir=shared_data("funding"))
    runs = []
    for _ in range(2):
        result, instance = _materialize(settings)
        ids = _query(settings, "select md5(string_agg(id, ',' order by id)) from funding.grants")
        runs.append(
            {"result": result, "instance": instance, "counts": _counts(settings), "ids": ids}
        )
    return {"settings": settings, "runs": runs}


def test_real_folder_loads_every_good_row_and_reruns_change_nothing(real_run: dict) -> None:
    settings, (first, second) = real_run["settings"], real_run["runs"]
    folder = settings.funding_dir
    good, bad_lines = _csv_rows(folder / "funding_data.csv")
    reported = _query(
        settings,
        "select line from funding.load_issues where file = 'funding_data.csv' and severity = 'error'",
    )
    assert sorted(line for (line,) in reported) == bad_lines == []
    expected = {
        "grants": len(good) - len(reported),
        "funders": len(list((folder / "funders").glob("*/*.yaml"))),
        **_daoip5_counts(folder),
    }
    assert expected["grants"] == 5071
    assert first["counts"] == expected
    assert second["counts"] == first["counts"]  # upsert: a re-run duplicates nothing
    assert second["ids"] == first["ids"]
    loaded_files = _query(
        settings,
        "select count(distinct source_file) from (select source_file from funding.daoip5_grant_pools "
        "union all select source_file from funding.daoip5_applications "
        "union all select source_file from funding.daoip5_projects)",
    )[0][0]
    assert loaded_files == len(list((folder / "daoip5").rglob("*.json"))) - 1


def test_malformed_json_reported_in_table_log_and_metadata(real_run: dict) -> None:
    settings, run = real_run["settings"], real_run["runs"][1]
    errors = _query(
        settings,
        "select file, line, \"column\", message from funding.load_issues where severity = 'error'",
    )
    assert len(errors) == 1
    file, line, column, message = errors[0]
    assert (file, line, column) == (BAD_JSON, 292, 4)  # the comma after the pools list
    assert "trailing comma" in message
    assert "line 293 column 1" in message  # where a JSON parser stops
    returned = [str(i) for i in load_funding_folder(settings.funding_dir).skipped]
    assert returned == [f"{BAD_JSON}:292:4: {message} (skipped)"]  # the loader's return value
    mats = run["result"].asset_materializations_for_node("funding")
    pools = next(m for m in mats if m.asset_key.path[-1] == "daoip5_grant_pools")
    assert f"{BAD_JSON}:292:4: invalid JSON: trailing comma" in pools.metadata["load_issues"].value
    assert pools.metadata["skipped"].value == 1
    logs = [e.user_message for e in run["instance"].all_logs(run["result"].run_id)]
    assert any(BAD_JSON in m and "trailing comma" in m for m in logs)


def test_dbt_funding_events_total_per_funder(real_run: dict, tmp_path: Path) -> None:
    settings, as_of = real_run["settings"], "2025-06-30"
    run_dbt(
        ["build", "--select", "stg_funding__grants", "stg_funding__funders", "int_events__funding"],
        work_dir=tmp_path,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(settings.warehouse_path)},
        dbt_vars=f'{{as_of: "{as_of}", funding_schema: funding}}',
    )
    good, _ = _csv_rows(settings.funding_dir / "funding_data.csv")
    expected: dict[str, float] = defaultdict(float)
    events = 0
    for project, amount, day, funder, *_ in good:
        if project and day <= as_of:
            expected[funder.lower()] += float(amount)
            events += 1
    totals = _query(
        settings,
        "select from_artifact_name, from_artifact_id, sum(amount), count(*) "
        "from intermediate.int_events__funding group by 1, 2",
    )
    assert {name: pytest.approx(total, rel=1e-9) for name, _, total, _ in totals} == expected
    assert sum(n for *_, n in totals) == events
    assert all(fid == oso_id("ARTIFACT", "OSS_FUNDING", "FUNDER", name) for name, fid, *_ in totals)
    project_ids = _query(
        settings,
        "select distinct to_artifact_name, to_artifact_id from intermediate.int_events__funding",
    )
    assert all(pid == oso_id("ARTIFACT", "OSS_FUNDING", "PROJECT", n) for n, pid in project_ids)


def _corrupt(src: Path, dst: Path) -> dict[int, str]:
    """A copy of funding_data.csv with five malformed rows; returns {line: what is wrong}."""
    lines = src.read_text(encoding="utf-8").split("\n")
    changes = {
        3: ("50000.0", "50k"),  # amount not a number
        5: (",2024-02-13,", ",2024-02-31,"),  # no such day
        9: (",stellar,", ","),  # a field short
        11: ("37500.0", "nan"),  # amount not finite
        13: (",stellar,", ", ,"),  # empty funder
    }
    for line, (old, new) in changes.items():
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
    dst.write_text("\n".join(lines), encoding="utf-8")
    return {line: new for line, (_, new) in changes.items()}


def test_malformed_csv_rows_and_yaml_reported_then_fixed(tmp_path: Path) -> None:
    real = shared_data("funding")
    folder = tmp_path / "funding"
    shutil.copytree(real / "funders", folder / "funders")
    broken = _corrupt(real / "funding_data.csv", folder / "funding_data.csv")
    (folder / "funders" / "broken").mkdir()
    (folder / "funders" / "broken" / "broken.yaml").write_text("version: 1\nname: [broken\n")
    settings = Settings(home=tmp_path / "home", funding_dir=folder)
    good, bad_lines = _csv_rows(folder / "funding_data.csv")
    assert bad_lines == sorted(broken)

    result, _ = _materialize(settings)
    issues = _query(settings, 'select file, line, "column", message from funding.load_issues')
    csv_issues = {line: message for file, line, _, message in issues if file == "funding_data.csv"}
    assert sorted(csv_issues) == bad_lines
    assert "amount '50k' is not a number" in csv_issues[3]
    assert "2024-02-31" in csv_issues[5]
    assert "expected 7 fields, found 6" in csv_issues[9]
    assert "'nan'" in csv_issues[11]
    assert "from_funder_name empty" in csv_issues[13]
    assert ("funders/broken/broken.yaml", 3, 1) in {i[:3] for i in issues}
    assert _counts(settings)["grants"] == len(good) == 5071 - len(broken)
    assert _counts(settings)["funders"] == 7
    grants_meta = next(
        m
        for m in result.asset_materializations_for_node("funding")
        if m.asset_key.path[-1] == "grants"
    ).metadata
    listed = str(grants_meta["load_issues"].value)
    assert "funding_data.csv:3:2: malformed row: amount '50k'" in listed
    assert grants_meta["skipped"].value == 5

    shutil.copy(real / "funding_data.csv", folder / "funding_data.csv")  # upstream fixes the rows
    shutil.rmtree(folder / "funders" / "broken")
    _materialize(settings)
    assert _counts(settings)["grants"] == 5071
    assert _query(settings, "select count(*) from funding.load_issues") == [(0,)]


def test_no_folder_configured_loads_empty_tables_and_no_csv_fails(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", funding_dir=None)
    _materialize(settings)
    assert set(_counts(settings).values()) == {0}
    (tmp_path / "empty").mkdir()
    missing = settings.model_copy(update={"funding_dir": tmp_path / "empty"})
    result = dg.materialize(
        build_funding_assets(missing), instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "funding_data.csv does not exist" in str(failure.step_failure_data.error)


def test_demo_folder_is_synthetic_deterministic_and_loads(tmp_path: Path) -> None:
    projects = ["duckdb", "dagster-io", "wevm", "opensource-observer"]
    start, end = dt.date(2025, 1, 1), dt.date(2025, 1, 30)
    first = write_demo_funding(tmp_path / "a", projects, start, end)
    second = write_demo_funding(tmp_path / "b", list(reversed(projects)), start, end)
    assert (first / "funding_data.csv").read_bytes() == (second / "funding_data.csv").read_bytes()
    assert "SYNTHETIC" in (first / "SYNTHETIC.md").read_text()
    data = load_funding_folder(first)
    assert data.issues == [] and data.synthetic
    grants = data.tables["grants"].to_pylist()
    assert {g["to_project_name"] for g in grants} == set(projects)
    assert all(start <= g["funding_date"] <= end and g["amount"] > 0 for g in grants)
    assert all(json.loads(g["metadata"])["synthetic"] for g in grants)
    assert data.tables["funders"].column("name").to_pylist() == ["oso-demo-fund"]
