"""``funders/<funder>/<funder>.yaml`` -> the ``funders`` Arrow table.

The ``uploads/`` next to each YAML are the funder's raw grant lists; upstream consolidates
them into ``funding_data.csv`` (each grant row names its upload in ``file_path``), so they are
not read again. An upload CSV that no grant row names is reported as a warning: its grants are
missing from the consolidated file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from oso.sources.funding.issues import WARNING, LoadIssue
from oso.sources.funding.settings import FUNDERS_DIR, FUNDERS_SCHEMA


def _parse(path: Path, rel: str) -> tuple[Any, LoadIssue | None]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return None, LoadIssue(rel, line, column, f"invalid YAML: {exc.problem or exc.context}")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, LoadIssue(rel, None, None, f"cannot read: {exc}")


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _row(doc: dict[str, Any], rel: str) -> dict[str, Any]:
    pools = [p.get("name") if isinstance(p, dict) else p for p in doc.get("grant_pools") or []]
    return {
        "name": _text(doc.get("name")),
        "type": _text(doc.get("type")),
        "display_name": _text(doc.get("display_name")),
        "description": _text(doc.get("description")),
        "grant_pools": json.dumps(pools, ensure_ascii=False),
        "source_file": rel,
    }


def read_funders(folder: Path) -> tuple[pa.Table, list[LoadIssue]]:
    """One row per funder YAML (funder names are unique case-insensitively)."""
    rows: list[dict[str, Any]] = []
    issues: list[LoadIssue] = []
    seen: dict[str, str] = {}
    paths = sorted((folder / FUNDERS_DIR).glob("*/*.yaml")) + sorted(
        (folder / FUNDERS_DIR).glob("*/*.yml")
    )
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        doc, issue = _parse(path, rel)
        if issue is not None:
            issues.append(issue)
        elif not isinstance(doc, dict) or _text(doc.get("name")) is None:
            issues.append(LoadIssue(rel, None, None, "not a funder document: no `name`"))
        elif str(doc["name"]).strip().lower() in seen:
            first = seen[str(doc["name"]).strip().lower()]
            issues.append(LoadIssue(rel, None, None, f"funder {doc['name']!r} already in {first}"))
        else:
            seen[str(doc["name"]).strip().lower()] = rel
            rows.append(_row(doc, rel))
    return pa.Table.from_pylist(rows, schema=FUNDERS_SCHEMA), issues


def unconsolidated_uploads(folder: Path, grant_files: Iterable[str | None]) -> list[LoadIssue]:
    """Upload CSVs no grant row comes from (``file_path`` is ``data/funders/...`` upstream)."""
    named = {f.removeprefix("data/") for f in grant_files if f}
    return [
        LoadIssue(
            rel,
            None,
            None,
            "upload not consolidated into funding_data.csv: its grants are not loaded",
            WARNING,
        )
        for rel in (
            p.relative_to(folder).as_posix()
            for p in sorted((folder / FUNDERS_DIR).glob("*/uploads/*.csv"))
        )
        if rel not in named
    ]
