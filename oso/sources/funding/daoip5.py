"""``daoip5/**.json`` (DAOIP-5 grant systems, pools, applications, projects) -> Arrow tables.

Each file is parsed on its own: a file that is not valid JSON is reported with its line and
column (a trailing comma is named as such, at the comma) and skipped; the others load.
``NaN``/``Infinity`` (Python's JSON extension, written by pandas upstream) load as null with a
warning. Pools that carry ``applications`` are application lists; the other pools are pool
descriptions; a document of type ``Project`` is a project.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa

from oso.sources.funding.issues import WARNING, LoadIssue, line_column
from oso.sources.funding.settings import (
    APPLICATIONS_SCHEMA,
    DAOIP5_DIR,
    GRANT_POOLS_SCHEMA,
    PROJECTS_SCHEMA,
)

POOL_KEYS = ("grantPools", "grant_pools", "grantsPools")  # all three spellings occur upstream
_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')


def _json_error(rel: str, text: str, exc: json.JSONDecodeError) -> LoadIssue:
    before = text[: exc.pos].rstrip()
    closing = text[exc.pos : exc.pos + 1]
    if before.endswith(",") and closing in ("}", "]"):
        line, column = line_column(text, len(before) - 1)
        return LoadIssue(
            rel,
            line,
            column,
            f"invalid JSON: trailing comma before '{closing}' "
            f"(line {exc.lineno} column {exc.colno}); JSON allows no comma after the last element",
        )
    return LoadIssue(rel, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")


def parse_json(path: Path, rel: str) -> tuple[Any, list[LoadIssue]]:
    """The document (None when unreadable) and its issues."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [LoadIssue(rel, None, None, f"not UTF-8 at byte {exc.start}: {exc.reason}")]
    try:
        doc = json.loads(text, parse_constant=lambda _: None)
    except json.JSONDecodeError as exc:
        return None, [_json_error(rel, text, exc)]
    found = [m for m in _CONSTANT.finditer(text) if m.group(1)]
    if not found:
        return doc, []
    line, column = line_column(text, found[0].start(1))
    message = f"non-standard JSON: {len(found)} NaN/Infinity value(s) loaded as null"
    return doc, [LoadIssue(rel, line, column, message, WARNING)]


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class _Tables:
    """Rows of the three DAOIP-5 tables, with duplicate keys reported."""

    def __init__(self) -> None:
        self.pools: dict[tuple[str, str], dict[str, Any]] = {}
        self.applications: dict[tuple[str, str], dict[str, Any]] = {}
        self.projects: list[dict[str, Any]] = []
        self.issues: list[LoadIssue] = []

    def _add(
        self, rows: dict[tuple[str, str], dict[str, Any]], row: dict[str, Any], key: str
    ) -> None:
        what = key.replace("_", " ")
        if row[key] is None:
            self.issues.append(LoadIssue(row["source_file"], None, None, f"{what} missing"))
        elif (row["source_file"], row[key]) in rows:
            message = f"duplicate {what} {row[key]!r} (first one kept)"
            self.issues.append(LoadIssue(row["source_file"], None, None, message))
        else:
            rows[(row["source_file"], row[key])] = row

    def add_document(self, doc: Any, rel: str, funder: str | None) -> None:
        pools = next((doc[k] for k in POOL_KEYS if isinstance(doc, dict) and k in doc), None)
        if isinstance(pools, list):
            for pool in pools:
                self._add_pool(pool, doc, rel, funder)
        elif isinstance(doc, dict) and doc.get("type") == "Project":
            self.projects.append(
                {
                    "source_file": rel,
                    "project_id": _text(doc.get("id")),
                    "name": _text(doc.get("name")),
                    "funder": funder,
                    "project": _dump(doc),
                }
            )
        else:
            message = "not a DAOIP-5 document: no grant pools and not of type Project"
            self.issues.append(LoadIssue(rel, None, None, message))

    def _add_pool(self, pool: Any, doc: dict[str, Any], rel: str, funder: str | None) -> None:
        if not isinstance(pool, dict):
            self.issues.append(LoadIssue(rel, None, None, "grant pool is not an object"))
            return
        if "applications" not in pool:
            row = {
                "source_file": rel,
                "pool_id": _text(pool.get("id", pool.get("name"))),
                "pool_name": _text(pool.get("name")),
                "funder": funder,
                "system_name": _text(doc.get("name")),
                "system_type": _text(doc.get("type")),
                "pool": _dump(pool),
            }
            self._add(self.pools, row, "pool_id")
            return
        for app in pool["applications"] or []:
            app = app if isinstance(app, dict) else {}
            row = {
                "source_file": rel,
                "application_id": _text(app.get("id")),
                "grant_pool_id": _text(app.get("grantPoolId")),
                "grant_pool_name": _text(app.get("grantPoolName", pool.get("name"))),
                "project_id": _text(app.get("projectId")),
                "project_name": _text(app.get("projectName")),
                "created_at": _text(app.get("createdAt")),
                "funder": funder,
                "application": _dump(app),
            }
            self._add(self.applications, row, "application_id")


def read_daoip5(folder: Path) -> tuple[dict[str, pa.Table], list[LoadIssue]]:
    """Tables daoip5_grant_pools, daoip5_applications, daoip5_projects, and the issues."""
    root = folder / DAOIP5_DIR
    tables = _Tables()
    for path in sorted(root.rglob("*.json")):
        rel = path.relative_to(folder).as_posix()
        parts = path.relative_to(root).parts
        doc, issues = parse_json(path, rel)
        tables.issues += issues
        if all(issue.severity == WARNING for issue in issues):
            tables.add_document(doc, rel, parts[0] if len(parts) > 1 else None)
    return {
        "daoip5_grant_pools": pa.Table.from_pylist(
            list(tables.pools.values()), schema=GRANT_POOLS_SCHEMA
        ),
        "daoip5_applications": pa.Table.from_pylist(
            list(tables.applications.values()), schema=APPLICATIONS_SCHEMA
        ),
        "daoip5_projects": pa.Table.from_pylist(tables.projects, schema=PROJECTS_SCHEMA),
    }, tables.issues
