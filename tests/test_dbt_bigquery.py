"""The dbt project parses and compiles for BigQuery offline, and every compiled SQL is valid BigQuery.

Uses the `bigquery_offline` target (fake oauth token, no network): `dbt compile` needs
`--no-populate-cache`, and models must not use introspective macros.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlglot

from tests.dbt_helpers import run_dbt

AS_OF_VARS = "{as_of: '2024-06-30', gharchive_schema: raw_gharchive, ossd_schema: raw_ossd}"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work_dir = tmp_path_factory.mktemp("dbt_bigquery")
    run_dbt(
        ["parse"], work_dir=work_dir, target="bigquery_offline", dbt_vars=AS_OF_VARS, timeout=180
    )
    run_dbt(
        ["compile", "--no-populate-cache"],
        work_dir=work_dir,
        target="bigquery_offline",
        dbt_vars=AS_OF_VARS,
        timeout=180,
    )
    return work_dir / "target"


def _compiled_sql(target: Path) -> dict[str, str]:
    return {
        str(path.relative_to(target)): path.read_text()
        for path in sorted((target / "compiled" / "oso").rglob("*.sql"))
    }


def test_every_compiled_sql_parses_as_bigquery(compiled: Path) -> None:
    files = _compiled_sql(compiled)
    models = [name for name in files if "/models/" in f"/{name}"]
    assert len(models) >= 20, sorted(files)
    failures = {}
    for name, sql in files.items():
        try:
            sqlglot.parse_one(sql, read="bigquery")
        except sqlglot.errors.ParseError as error:
            failures[name] = str(error)
    assert not failures, failures


def test_bigquery_specifics(compiled: Path) -> None:
    files = _compiled_sql(compiled)
    by_model = {Path(name).stem: sql for name, sql in files.items() if "/models/" in f"/{name}"}
    # ID recipe and JSON access use BigQuery functions; sources follow the schema vars.
    assert "to_hex(sha256(" in by_model["int_projects"]
    assert "code_points_to_string([31])" in by_model["int_projects"]
    assert "json_value(payload, '$.pull_request.merged')" in by_model["stg_gharchive__events"]
    assert "`offline-project`.`raw_gharchive`.`events`" in by_model["stg_gharchive__events"]
    assert "`offline-project`.`raw_ossd`.`projects`" in by_model["stg_ossd__projects"]
    # Metrics are relative to the as_of var, never to the clock.
    for name, sql in by_model.items():
        lowered = sql.lower()
        assert "current_date" not in lowered, name
        assert "current_timestamp" not in lowered, name
    # Metric windows and periods are computed from as_of in int_metric_periods.
    periods = by_model["int_metric_periods"]
    assert "date_add(cast('2024-06-30' as date), interval -6 month)" in periods
    assert "date_add(cast('2024-06-30' as date), interval -90 day)" in periods
    assert "generate_date_array(" in periods


def test_manifest_links_sources_to_dlt_assets(compiled: Path) -> None:
    manifest = json.loads((compiled / "manifest.json").read_text())
    asset_keys = {
        (source["source_name"], source["name"]): source["meta"]["dagster"]["asset_key"]
        for source in manifest["sources"].values()
        if source["package_name"] == "oso"
    }
    # every source table is the dlt asset dlt/<source>/<table>
    assert asset_keys == {key: ["dlt", *key] for key in asset_keys}
    assert {
        ("gharchive", "events"),
        ("gharchive", "push_commits"),
        ("ossd", "projects"),
        ("ossd", "project_artifacts"),
        ("ossd", "collections"),
        ("ossd", "collection_projects"),
    } <= set(asset_keys)
    marts = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"].endswith("_v1")
    }
    assert set(marts) >= {
        "projects_v1",
        "collections_v1",
        "projects_by_collection_v1",
        "artifacts_v1",
        "artifacts_by_project_v1",
        "code_metrics_by_project_v1",
        "event_types_v1",
    }
    for name, node in marts.items():
        assert node["config"]["contract"]["enforced"], name
        assert node["meta"]["serving"]["publish"] is True, name
        assert all(column.get("data_type") for column in node["columns"].values()), name
