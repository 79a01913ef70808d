"""Validation of oss-directory files with the rules of its JSON schemas (version 7).

Upstream validates with Ajv + ajv-formats; we use the same schemas (Draft 7 semantics, ``uri``
format checked): ``jsonschema_rs`` (Rust, ~50x faster) says whether a file is valid, and
``jsonschema`` explains every violation of the files that are not, plus the registry's own rules that the
schemas cannot express: version 7, file name equals ``name``, names are unique, and
collections only name existing projects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_VERSION = 7


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one file: the path, the field (JSON path) and what is wrong."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f" [{self.field}]" if self.field else ""
        return f"{self.path}{where}: {self.message}"


def _schemas() -> dict[str, dict[str, Any]]:
    """Every bundled schema by its ``$id``."""
    found = {}
    for file in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(file.read_text())
        found[schema["$id"]] = schema
    return found


def _root(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.json").read_text())


@cache
def _validator(kind: str) -> Draft7Validator:
    resources = [
        (uri, Resource.from_contents(schema, default_specification=DRAFT7))
        for uri, schema in _schemas().items()
    ]
    registry: Registry = Registry().with_resources(resources)
    return Draft7Validator(_root(kind), registry=registry, format_checker=FormatChecker())


@cache
def _fast_validator(kind: str) -> Any:
    registry = jsonschema_rs.Registry(list(_schemas().items()))
    return jsonschema_rs.Draft7Validator(_root(kind), registry=registry, validate_formats=True)


def _field_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_issues(kind: str, doc: Any, path: str) -> list[Issue]:
    """Every JSON-schema violation of ``doc`` (a project or collection), each with its field."""
    if not isinstance(doc, dict):
        return [Issue(path, "", f"expected a mapping at the top level, found {type(doc).__name__}")]
    issues = []
    errors = () if _fast_validator(kind).is_valid(doc) else _validator(kind).iter_errors(doc)
    for error in errors:
        field = _field_path(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            field = f"{field}.{missing}" if field and missing else (missing or field)
        issues.append(Issue(path, field, error.message))
    version = doc.get("version")
    if isinstance(version, int | float) and version != SCHEMA_VERSION:
        issues.append(
            Issue(
                path,
                "version",
                f"schema version {version} is not supported (expected {SCHEMA_VERSION})",
            )
        )
    return issues


def name_issues(doc: dict[str, Any], file: Path, path: str) -> list[Issue]:
    """Upstream's file-name rule: a file is named ``<name>.yaml``.

    (Upstream files are grouped by first letter, but it does not enforce it: three real
    projects sit in another letter's folder, so neither do we.)
    """
    name = doc.get("name")
    if isinstance(name, str) and file.stem != name:
        return [Issue(path, "name", f"name {name!r} does not match the file name {file.name!r}")]
    return []
