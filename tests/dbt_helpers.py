"""Shared helpers for the dbt tests: run the `dbt` CLI of this venv against dbt/ with a clean env."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt"


def dbt_executable() -> str:
    """The dbt CLI next to the running interpreter (the project venv), else the one on PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dbt")
    if found is None:
        raise RuntimeError("dbt executable not found next to the interpreter or on PATH")
    return found


def dbt_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for a dbt run: telemetry off, no colour, plus `extra`."""
    env = dict(os.environ)
    env.update(
        {
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_USE_COLORS": "false",
            "DBT_PRINTER_WIDTH": "120",
        }
    )
    if extra:
        env.update(extra)
    return env


def run_dbt(
    args: Sequence[str],
    *,
    work_dir: Path,
    target: str,
    env: Mapping[str, str] | None = None,
    dbt_vars: str | None = None,
    timeout: float = 300,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run `dbt <args>` on dbt/ with target/log paths under `work_dir` (so runs never clash).

    Returns the completed process; with `check`, raises AssertionError showing dbt's output
    when dbt exits non-zero.
    """
    command = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target",
        target,
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    if args and args[0] == "build" and "test_type:unit" not in args:
        # Unit tests run once, in tests/test_dbt_unit_tests.py (and CI), not in every build.
        command += ["--exclude-resource-type", "unit_test"]
    if dbt_vars is not None:
        command += ["--vars", dbt_vars]
    result = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=dbt_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"dbt {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


# The raw tables of the two sources every build needs (GH Archive, the registry), as the
# ingestion writes them; the optional sources' tables come from oso/sources/catalog.py.
GHARCHIVE_RAW_DDL = """
create schema if not exists gharchive;
create table gharchive.events (
    id varchar, type varchar, created_at timestamptz, actor_id bigint, actor_login varchar,
    repo_id bigint, repo_name varchar, org_login varchar, payload varchar, hour timestamptz
);
create table gharchive.push_commits (
    event_id varchar, push_id bigint, repo_id bigint, repo_name varchar, actor_id bigint,
    actor_login varchar, ref varchar, sha varchar, author_name varchar, author_email varchar,
    is_distinct boolean, created_at timestamptz, hour timestamptz
);
"""

CORE_RAW_DDL = (
    GHARCHIVE_RAW_DDL
    + """
create schema if not exists ossd;
create table ossd.projects (
    project_name varchar, display_name varchar, description varchar, version bigint,
    source_path varchar
);
create table ossd.project_artifacts (
    project_name varchar, kind varchar, url varchar, address varchar, network varchar,
    tag varchar, name varchar
);
create table ossd.collections (
    collection_name varchar, display_name varchar, description varchar, version bigint,
    source_path varchar
);
create table ossd.collection_projects (collection_name varchar, project_name varchar);
"""
)


def create_raw_tables(con: object) -> None:
    """Every raw table, empty: GH Archive and the registry, plus each optional source."""
    from oso.sources.catalog import OPTIONAL_SOURCES

    con.execute(CORE_RAW_DDL)  # type: ignore[attr-defined]
    create_empty_raw_tables(con, OPTIONAL_SOURCES)


def create_empty_raw_tables(con: object, sources: Sequence[str]) -> None:
    """Empty raw tables (real columns, from oso/sources/catalog.py) for sources a test doesn't load."""
    from oso.sources.catalog import raw_schemas

    for source in sources:
        con.execute(f"create schema if not exists {source}")  # type: ignore[attr-defined]
        for table, schema in raw_schemas(source).items():
            con.register("_empty", schema.empty_table())  # type: ignore[attr-defined]
            con.execute(f"create table if not exists {source}.{table} as select * from _empty")  # type: ignore[attr-defined]
            con.unregister("_empty")  # type: ignore[attr-defined]
