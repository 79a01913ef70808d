"""The Dagster code location: one Definitions, stable asset keys, lineage dlt -> dbt -> ClickHouse -> site."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg

from dagster_project.build import build_definitions
from oso.marts import load_published_marts
from oso.settings import REPO_ROOT, Settings


def _graph(tmp_path: Path) -> dict[dg.AssetKey, set[dg.AssetKey]]:
    settings = Settings(home=tmp_path, start=dt.date(2015, 1, 1), end=dt.date(2015, 1, 2))
    defs = build_definitions(settings)
    graph = defs.resolve_asset_graph()
    return {key: set(graph.get(key).parent_keys) for key in graph.get_all_asset_keys()}


def _ancestors(parents: dict[dg.AssetKey, set[dg.AssetKey]], key: dg.AssetKey) -> set[dg.AssetKey]:
    seen: set[dg.AssetKey] = set()
    todo = [key]
    while todo:
        for parent in parents.get(todo.pop(), set()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_asset_keys_and_lineage(tmp_path: Path) -> None:
    parents = _graph(tmp_path)
    keys = set(parents)
    for resource in ("projects", "project_artifacts", "collections", "collection_projects"):
        assert dg.AssetKey(["dlt", "ossd", resource]) in keys
    assert dg.AssetKey(["dlt", "gharchive", "events"]) in keys
    assert (
        dg.AssetKey(["dlt", "gharchive", "events"])
        in parents[dg.AssetKey(["stg_gharchive__events"])]
    )
    assert dg.AssetKey(["dlt", "ossd", "projects"]) in parents[dg.AssetKey(["stg_ossd__projects"])]
    assert dg.AssetKey(["int_events"]) in _ancestors(
        parents, dg.AssetKey(["code_metrics_by_project_v1"])
    )
    marts = load_published_marts()
    assert {
        "projects_v1",
        "collections_v1",
        "projects_by_collection_v1",
        "artifacts_by_project_v1",
        "code_metrics_by_project_v1",
    } <= set(marts)
    for mart in marts:
        assert parents[dg.AssetKey(["clickhouse", mart])] == {dg.AssetKey([mart])}
    assert parents[dg.AssetKey(["website", "site"])] == {
        dg.AssetKey(["clickhouse", m]) for m in marts
    }


def test_gharchive_is_hourly_over_the_window(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, start=dt.date(2015, 1, 1), end=dt.date(2015, 1, 2))
    assets = build_definitions(settings).get_assets_def(dg.AssetKey(["dlt", "gharchive", "events"]))
    assert assets.partitions_def is not None
    keys = assets.partitions_def.get_partition_keys()
    assert (keys[0], keys[-1], len(keys)) == ("2015-01-01-00:00", "2015-01-02-23:00", 48)


def test_dagster_cli_loads_the_code_location(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "OSO_HOME": str(tmp_path),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
        "OSO_END": "2015-01-01",
    }
    (tmp_path / "dagster").mkdir()
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "dagster"),
            "definitions",
            "validate",
            "-m",
            "dagster_project.definitions",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]


def test_dbt_vars_name_every_source_dataset() -> None:
    import json
    import re

    from dagster_project.dbt.resources import dbt_vars

    used = set()
    for path in (REPO_ROOT / "dbt" / "models" / "staging").rglob("_*sources.yml"):
        used |= set(re.findall(r"var\('([a-z_]+_schema)'", path.read_text()))
    settings = Settings(target="production", clickhouse_url="http://ch:8123", bigquery_project="p")  # type: ignore[arg-type]
    given = json.loads(dbt_vars(settings))
    assert used <= set(given), used - set(given)
    assert (
        given["npm_schema"] == "oso_npm"
    )  # BigQuery datasets are prefixed with OSO_BIGQUERY_DATASET
