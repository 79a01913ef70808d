"""The one settings object: OSO_* environment variables and .env, validated."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from oso.settings import PUBLIC_GHARCHIVE_URL, Settings, Target


def test_environment_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("OSO_END=2020-03-31\nOSO_API_PORT=9123\n")
    monkeypatch.setenv("OSO_HOME", str(tmp_path / "h"))
    monkeypatch.setenv("OSO_GHARCHIVE_URL", str(tmp_path / "archive"))
    settings = Settings()
    assert settings.as_of == dt.date(2020, 3, 31)
    assert settings.window_start == dt.date(2020, 3, 2)  # 30 days by default
    assert settings.api_port == 9123
    assert settings.warehouse_path == tmp_path / "h" / "warehouse.duckdb"
    assert settings.gharchive_is_local
    assert settings.target is Target.EMBEDDED


def test_defaults_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OSO_HOME", "OSO_START", "OSO_END", "OSO_GHARCHIVE_URL", "OSO_TARGET"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.gharchive_url == PUBLIC_GHARCHIVE_URL
    assert not settings.gharchive_is_local
    assert settings.as_of == dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    with pytest.raises(ValueError, match="after OSO_END"):
        Settings(start=dt.date(2020, 2, 1), end=dt.date(2020, 1, 1))
    with pytest.raises(ValueError, match="OSO_CLICKHOUSE_URL"):
        Settings(target=Target.PRODUCTION)


def test_cli_help_lists_commands() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "oso.cli", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    for command in ("run", "serve", "validate", "demo-data"):
        assert command in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "oso.cli", "run"],
        capture_output=True,
        text=True,
        env={"OSO_START": "2020-02-01", "OSO_END": "2020-01-01", "PATH": ""},
    )
    assert bad.returncode == 2
    assert "after OSO_END" in bad.stderr
