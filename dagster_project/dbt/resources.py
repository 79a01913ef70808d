"""dbt for both targets: the CLI resource, its environment and vars, and the parsed manifest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource

from oso.settings import DBT_PROJECT_DIR, Settings, Target
from oso.sources.catalog import OPTIONAL_SOURCES
from oso.warehouse import dataset_name


def dbt_executable() -> str:
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def dbt_target(settings: Settings) -> str:
    return "embedded" if settings.target is Target.EMBEDDED else "production"


def dbt_env(settings: Settings) -> dict[str, str]:
    """Environment the dbt profile reads (profiles.yml uses env_var())."""
    env = {
        "OSO_DBT_DUCKDB_PATH": str(settings.warehouse_path),
        "OSO_BIGQUERY_DATASET": settings.bigquery_dataset,
        "OSO_BIGQUERY_LOCATION": settings.bigquery_location,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    if settings.bigquery_project:
        env["OSO_BIGQUERY_PROJECT"] = settings.bigquery_project
    if settings.bigquery_keyfile:
        env["OSO_BIGQUERY_KEYFILE"] = str(settings.bigquery_keyfile)
    return env


def dbt_vars(settings: Settings) -> str:
    """as_of; events_from, the run window's first day (incremental int_events rebuilds the days
    events_from..as_of); and where each source's raw tables are (``<source>_schema``; BigQuery
    prefixes them)."""
    sources = ("gharchive", "ossd", *OPTIONAL_SOURCES)
    return json.dumps(
        {
            "as_of": settings.as_of.isoformat(),
            "events_from": settings.window_start.isoformat(),
            **{f"{s}_schema": dataset_name(settings, s) for s in sources},
        }
    )


def dbt_resource(settings: Settings) -> DbtCliResource:
    return DbtCliResource(
        project_dir=str(DBT_PROJECT_DIR),
        profiles_dir=str(DBT_PROJECT_DIR),
        target=dbt_target(settings),
        dbt_executable=dbt_executable(),
    )


def _newest_source_mtime() -> float:
    files = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "tests"):
        files += [p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file()]
    return max((p.stat().st_mtime for p in files if p.exists()), default=0.0)


def prepare_manifest(settings: Settings) -> Path:
    """``dbt parse`` into OSO_HOME when the manifest is missing or older than the dbt sources."""
    target_path = settings.dbt_target_dir
    manifest = target_path / "manifest.json"
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime():
        return manifest
    target_path.mkdir(parents=True, exist_ok=True)
    cmd = [
        dbt_executable(),
        "parse",
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target",
        dbt_target(settings),
        "--target-path",
        str(target_path),
        "--vars",
        dbt_vars(settings),
    ]
    done = subprocess.run(
        cmd, env={**os.environ, **dbt_env(settings)}, capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not manifest.exists():
        raise RuntimeError(
            f"dbt parse failed ({done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
        )
    return manifest
