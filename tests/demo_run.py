"""One run of the offline demo (`oso demo --no-serve`) shared by the tests that read its output.

The demo writes synthetic inputs for every source, serves them on loopback and materializes
every asset into its own OSO_HOME, in a child process (chDB allows one data directory per
process, and the pytest process already holds one).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEMO_START, DEMO_END = "2026-06-01", "2026-06-03"


@dataclass(frozen=True)
class DemoRun:
    home: Path
    env: dict[str, str]  # the OSO_* environment the demo ran with

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` on the demo's warehouse, opened read-only."""
        import duckdb

        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql).fetchall()


def run_demo(root: Path) -> DemoRun:
    """Run the demo under ``root``; ``OSO_TEST_DEMO_HOME`` reuses a finished run instead
    (development only: it must have been made with this window)."""
    reuse = os.environ.get("OSO_TEST_DEMO_HOME")
    if reuse:
        root = Path(reuse).parent
    env = {
        **os.environ,
        "OSO_HOME": str(root / "home"),
        "OSO_START": DEMO_START,
        "OSO_END": DEMO_END,
    }
    env.pop("OSO_SOURCES", None)
    if reuse:
        return DemoRun(root / "home", env)
    done = subprocess.run(
        [sys.executable, "-m", "oso.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    return DemoRun(root / "home", env)
