"""The production deployment files are valid."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from dagster._core.instance.config import dagster_instance_config

from tests.conftest import REPO_ROOT


def _compose_services() -> dict:
    tool = shutil.which("docker-compose")
    assert tool, (
        "docker-compose is needed to validate docker-compose.yml (scripts/test.sh installs Debian's)"
    )
    env = {**os.environ, "OSO_BIGQUERY_PROJECT": "my-gcp-project"}
    done = subprocess.run(
        [tool, "-f", str(REPO_ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)["services"]


def test_docker_compose_config_accepts_the_file() -> None:
    services = _compose_services()
    assert {
        "clickhouse",
        "postgres",
        "dagster-webserver",
        "dagster-dashboard",
        "dagster-daemon",
        "api",
        "website",
    } <= set(services)
    assert services["api"]["environment"]["OSO_TARGET"] == "production"
    for name in ("clickhouse", "postgres", "dagster-webserver", "dagster-daemon", "api", "website"):
        assert "healthcheck" in services[name], name


def test_compose_refuses_to_start_without_a_bigquery_project() -> None:
    tool = shutil.which("docker-compose")
    assert tool
    env = {k: v for k, v in os.environ.items() if k != "OSO_BIGQUERY_PROJECT"}
    done = subprocess.run(
        [tool, "-f", str(REPO_ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode != 0
    assert "OSO_BIGQUERY_PROJECT" in done.stderr


def test_public_dashboard_is_read_only_and_the_operator_ui_local() -> None:
    services = _compose_services()
    dashboard = services["dagster-dashboard"]
    assert "--read-only" in dashboard["command"] and "healthcheck" in dashboard
    operator = services["dagster-webserver"]
    assert "--read-only" not in operator["command"]
    hosts = [p["host_ip"] if isinstance(p, dict) else p.split(":")[0] for p in operator["ports"]]
    assert hosts == ["127.0.0.1"], operator["ports"]
    assert services["dagster-daemon"]["healthcheck"]["test"][-1] == "liveness-check"
    assert "OSO_ALERT_WEBHOOK_URL" in services["dagster-daemon"]["environment"]


@pytest.mark.parametrize("name", ["dagster.yaml", "dagster.local.yaml"])
def test_dagster_instance_configs_are_valid_and_limit_concurrency(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("HOST", "USER", "PASSWORD", "DB"):
        monkeypatch.setenv(f"DAGSTER_POSTGRES_{var}", "x")
    shutil.copy(REPO_ROOT / "deploy" / name, tmp_path / "dagster.yaml")
    config, _ = dagster_instance_config(str(tmp_path))  # Dagster's own schema check
    coordinator = config["run_coordinator"]["config"]
    limits = {(t["key"], t.get("value")): t["limit"] for t in coordinator["tag_concurrency_limits"]}
    assert limits[("dagster/backfill", None)] <= coordinator["max_concurrent_runs"]
    assert config["run_monitoring"]["enabled"] is True
    if name == "dagster.local.yaml":  # DuckDB and chDB: one writing run at a time
        assert coordinator["max_concurrent_runs"] == 1
    else:
        assert limits[("oso/stage", "transform")] == 1
