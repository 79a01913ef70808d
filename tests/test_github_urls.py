"""One reading of registry GitHub URLs: Python (every source) and dbt (github_path) agree."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from oso.registry.github_urls import github_target
from tests.dbt_helpers import run_dbt

URLS = [
    "https://github.com/Acme",
    "https://www.github.com/acme/",
    "http://github.com/Acme/Repo.git",
    "https://github.com/acme/repo/tree/main?x=1#y",
    "https://github.com/zviadm/celoterminal/blob/main/README.md",
    "https://github.com/muwpay-uniswapper/muwp-stellar/tree/main",
    "https://github.com/orgs/sorostarter/repositories",
    " https://github.com/acme/repo// ",
]


def test_dbt_macro_reads_urls_like_python(tmp_path: Path) -> None:
    values = ", ".join("(" + json.dumps(u).replace('"', "'") + ")" for u in URLS)
    inline = (
        "select url, {{ github_path('trim(url)') }} as github_path"
        f" from (values {values}) as urls (url)"
    )
    result = run_dbt(
        ["compile", "--inline", inline, "--output", "json"],
        work_dir=tmp_path,
        target="embedded",
        env={"OSO_DBT_DUCKDB_PATH": str(tmp_path / "w.duckdb")},
        dbt_vars='{as_of: "2024-01-01"}',
    )
    # --output json prints the compiled SQL as the last (multi-line) JSON document.
    start = result.stdout.rindex("\n{")
    compiled = json.loads(result.stdout[start:])["compiled"]
    rows = dict(duckdb.sql(compiled).fetchall())
    for url in URLS:
        target = github_target(url)
        assert target is not None, url
        parts = rows[url].split("/")
        dbt_target = (parts[0], parts[1] if len(parts) > 1 and parts[1] else None)
        assert dbt_target == (target.owner, target.repo), url
