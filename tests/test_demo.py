"""The offline demo feeds every source from bundled, synthetic inputs served on loopback.

Reads the session's one run of `oso demo --no-serve` (tests/demo_run.py: a short window, in its
own process, with the demo upstream HTTP server, local git repositories, an oss-funding folder
and a real ganache node) and checks that every source's events reached int_events and the marts.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.demo_run import DemoRun

pytestmark = pytest.mark.slow


def test_demo_covers_every_source(demo_run: DemoRun) -> None:
    with duckdb.connect(str(demo_run.warehouse), read_only=True) as con:
        sources = dict(
            con.execute(
                "select event_source, count(*) from intermediate.int_events group by 1"
            ).fetchall()
        )
        types = {
            row[0]
            for row in con.execute(
                "select distinct event_type from intermediate.int_events"
            ).fetchall()
        }
        repos = con.execute("select count(*) from marts.repositories_v0").fetchone()[0]  # type: ignore[index]
        git_commits = con.execute("select count(*) from git.commits").fetchone()[0]  # type: ignore[index]
        contracts = con.execute(
            "select count(*) from marts.artifacts_by_project_v1 where project_name = 'demo-onchain-app' and artifact_type = 'CONTRACT'"
        ).fetchone()[0]  # type: ignore[index]
    assert {"GITHUB", "NPM", "OPEN_COLLECTIVE", "OSS_FUNDING", "OPTIMISM"} <= set(sources), sources
    assert {
        "COMMIT_CODE",
        "STARRED",
        "DOWNLOADS",
        "CREDIT",
        "GRANT_RECEIVED_USD",
        "CONTRACT_INVOCATION_DAILY_COUNT",
    } <= types, types
    assert repos > 10  # GitHub REST: every bundled repository resolved, org URLs expanded
    assert git_commits > 0
    assert contracts == 4  # 2 deployed directly by the demo deployer + 2 created by its factory
    site = demo_run.home / "site" / "index.html"
    assert "Synthetic demo data" in site.read_text()
