"""The ID recipe: stable, delimiter-safe, and the same in Python and in the warehouse."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from oso.ids import github_repository_id, metric_id, oso_id, project_id


def test_recipe_is_sha256_of_parts_joined_by_unit_separator() -> None:
    expected = hashlib.sha256(b"PROJECT\x1fOSS_DIRECTORY\x1foso\x1fopensource-observer").hexdigest()
    assert project_id("opensource-observer") == expected
    assert metric_id("GITHUB_commits_daily") == oso_id(
        "METRIC", "OSO", "oso", "GITHUB_commits_daily"
    )


def test_parts_cannot_run_into_each_other() -> None:
    # Without a delimiter ("ab" + "c") and ("a" + "bc") would collide, as OSO's recipe could.
    assert oso_id("ARTIFACT", "GITHUB", "ab", "c") != oso_id("ARTIFACT", "GITHUB", "a", "bc")
    with pytest.raises(ValueError, match="separator"):
        oso_id("ARTIFACT", "GITHUB", "a\x1fb", "c")


def test_repositories_are_keyed_by_numeric_id_not_name() -> None:
    assert github_repository_id(123) == github_repository_id("123")
    assert github_repository_id(123) != github_repository_id(124)


def test_duckdb_expression_of_the_dbt_macro_matches() -> None:
    # The DuckDB rendering of macros/oso_id.sql (default__oso_id).
    sql = (
        "select sha256(cast('METRIC' as string) || chr(31) || cast('OSO' as string) || chr(31)"
        " || cast('oso' as string) || chr(31) || cast('GITHUB_stars_monthly' as string))"
    )
    (value,) = duckdb.sql(sql).fetchone() or ("",)
    assert value == metric_id("GITHUB_stars_monthly")


def test_every_catalogue_metric_is_documented() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    catalogue = (root / "dbt/macros/metrics/catalogue.sql").read_text()
    names = set(re.findall(r"'name': '(\w+)'", catalogue))
    assert len(names) >= 25
    documented = (root / "docs/METRICS.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert missing == [], f"metrics missing from docs/METRICS.md: {missing}"
