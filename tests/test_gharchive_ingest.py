"""GH Archive ingestion through the real Dagster asset, dlt and a DuckDB warehouse file."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.gharchive.assets import build_gharchive_assets
from oso.settings import Settings
from tests.conftest import shared_data
from tests.gharchive_helpers import REAL_HOUR, expected_counts, write_registry

HOUR_12 = "2015-01-01-12:00"


def _settings(tmp_path: Path, gharchive_url: str) -> Settings:
    return Settings(
        home=tmp_path / "home",
        oss_directory=write_registry(tmp_path / "registry"),
        gharchive_url=gharchive_url,
        start=dt.date(2015, 1, 1),
        end=dt.date(2015, 1, 1),
    )


def _materialize(settings: Settings, partition: str) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        build_gharchive_assets(settings),
        partition_key=partition,
        raise_on_error=False,
        instance=dg.DagsterInstance.ephemeral(),
    )


def _count(settings: Settings, sql: str) -> int:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gharchive"
    folder.mkdir()
    shutil.copy(shared_data("gharchive", REAL_HOUR), folder / REAL_HOUR)
    return folder


def test_partition_loads_tracked_events_and_reload_replaces(
    tmp_path: Path, archive_dir: Path
) -> None:
    settings = _settings(tmp_path, str(archive_dir))
    expected = sum(c["events"] for c in expected_counts(archive_dir / REAL_HOUR).values())
    assert expected > 100
    for _ in range(2):  # a re-materialization replaces the hour: no duplicates
        result = _materialize(settings, HOUR_12)
        assert result.success
        assert _count(settings, "select count(*) from gharchive.events") == expected
        assert _count(settings, "select count(distinct id) from gharchive.events") == expected
    pushes = _count(settings, "select count(*) from gharchive.push_commits")
    assert pushes == _count(
        settings,
        "select coalesce(sum(json_array_length(json_extract(payload, '$.commits'))), 0) "
        "from gharchive.events where type = 'PushEvent'",
    )
    assert pushes > 0
    mats = result.asset_materializations_for_node("gharchive")
    assert {tuple(m.asset_key.path) for m in mats} == {
        ("dlt", "gharchive", "events"),
        ("dlt", "gharchive", "push_commits"),
    }
    assert mats[0].metadata["events_scanned"].value == 8273


def test_corrupt_file_is_quarantined_and_a_missing_one_fails_naming_it(
    tmp_path: Path, archive_dir: Path
) -> None:
    settings = _settings(tmp_path, str(archive_dir))
    assert _materialize(settings, HOUR_12).success
    before = _count(settings, "select count(*) from gharchive.events")
    data = (archive_dir / REAL_HOUR).read_bytes()
    (archive_dir / "2015-01-01-13.json.gz").write_bytes(data[: len(data) // 2])  # truncated
    (archive_dir / "2015-01-01-14.json.gz").write_bytes(
        gzip.compress(b'{"id": "1", "type": "Wat')
    )  # bad JSON
    for hour in ("13", "14"):
        name = f"2015-01-01-{hour}.json.gz"
        result = _materialize(settings, f"2015-01-01-{hour}:00")
        assert result.success  # quarantined: the run goes on
        moved = settings.home / "quarantine" / "gharchive" / name
        assert moved.is_file() and not (archive_dir / name).exists()
        reason = (moved.parent / f"{name}.reason.txt").read_text()
        assert name in reason and "corrupt or truncated" in reason
        # nothing loaded, so the hour is not reported as materialized
        assert result.asset_materializations_for_node("gharchive") == []
    missing = _materialize(settings, "2015-01-01-15:00")
    assert not missing.success
    failure = next(e for e in missing.all_events if e.is_step_failure)
    assert "2015-01-01-15.json.gz does not exist" in str(failure.step_failure_data.error)  # type: ignore[union-attr]
    assert _count(settings, "select count(*) from gharchive.events") == before


def test_hour_with_no_tracked_events_clears_previous_rows(
    tmp_path: Path, archive_dir: Path
) -> None:
    settings = _settings(tmp_path, str(archive_dir))
    assert _materialize(settings, HOUR_12).success
    assert _count(settings, "select count(*) from gharchive.events") > 0
    untracked = settings.model_copy(
        update={
            "oss_directory": write_registry(
                tmp_path / "other", {"nobody": ["https://github.com/nobody-here"]}
            )
        }
    )
    assert _materialize(untracked, HOUR_12).success
    assert _count(settings, "select count(*) from gharchive.events") == 0


@pytest.fixture
def http_archive(archive_dir: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(archive_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_partition_loads_over_http(tmp_path: Path, http_archive: str, archive_dir: Path) -> None:
    settings = _settings(tmp_path, http_archive)
    assert _materialize(settings, HOUR_12).success
    expected = sum(c["events"] for c in expected_counts(archive_dir / REAL_HOUR).values())
    assert _count(settings, "select count(*) from gharchive.events") == expected
    missing = _materialize(settings, "2015-01-01-16:00")
    assert not missing.success
    failure = next(e for e in missing.all_events if e.is_step_failure)
    assert "2015-01-01-16.json.gz" in str(failure.step_failure_data.error)  # type: ignore[union-attr]
