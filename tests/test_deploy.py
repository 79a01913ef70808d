"""The production deployment files are valid."""

from __future__ import annotations

import os
import shutil
import subprocess

import yaml

from tests.conftest import REPO_ROOT


def test_docker_compose_config_accepts_the_file() -> None:
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
    config = yaml.safe_load(done.stdout)
    services = config["services"]
    assert {
        "clickhouse",
        "postgres",
        "dagster-webserver",
        "dagster-daemon",
        "api",
        "website",
    } <= set(services)
    assert services["api"]["environment"]["OSO_TARGET"] == "production"
    for name in ("clickhouse", "postgres", "dagster-webserver", "api", "website"):
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
