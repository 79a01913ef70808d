"""Specs of the published marts, read from the dbt YAML (the one source of truth).

A mart is published when its dbt ``meta.serving.publish`` is true. Its columns and types
come from the dbt contract; the publisher, the API schema and the website all use these
specs, so a column added in dbt shows up everywhere with the same name and type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from oso.settings import DBT_PROJECT_DIR

CLICKHOUSE_TYPES = {
    "string": "String",
    "int64": "Int64",
    "float64": "Float64",
    "date": "Date32",
    "timestamp": "DateTime64(6, 'UTC')",
    "bool": "Bool",
}
LOGICAL_TYPES = tuple(CLICKHOUSE_TYPES)


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str  # one of LOGICAL_TYPES
    description: str = ""


@dataclass(frozen=True)
class MartSpec:
    name: str
    description: str
    columns: tuple[ColumnSpec, ...]
    order_by: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def clickhouse_types(self) -> dict[str, str]:
        """ClickHouse column types: key columns non-nullable, the rest Nullable."""
        return {
            c.name: CLICKHOUSE_TYPES[c.type]
            if c.name in self.order_by
            else f"Nullable({CLICKHOUSE_TYPES[c.type]})"
            for c in self.columns
        }


def logical_type(data_type: str) -> str:
    """Map a dbt contract data_type (possibly a Jinja expression) to a logical type."""
    text = data_type.lower()
    if "float" in text or "double" in text:
        return "float64"
    for name, pattern in (
        ("int64", r"\b(int64|bigint|integer|int)\b"),
        ("timestamp", r"\btimestamp"),
        ("date", r"\bdate\b"),
        ("bool", r"\bbool(ean)?\b"),
        ("string", r"\b(string|varchar|text)\b"),
    ):
        if re.search(pattern, text):
            return name
    raise ValueError(f"unknown dbt data_type {data_type!r}")


def _serving_meta(model: dict) -> dict:
    meta = dict(model.get("meta") or {})
    meta.update((model.get("config") or {}).get("meta") or {})
    return meta.get("serving") or {}


def _mart_spec(model: dict, path: Path) -> MartSpec:
    serving = _serving_meta(model)
    columns = []
    for col in model.get("columns") or []:
        if "data_type" not in col:
            raise ValueError(f"{path}: mart {model['name']} column {col['name']} has no data_type")
        columns.append(
            ColumnSpec(col["name"], logical_type(str(col["data_type"])), col.get("description", ""))
        )
    return MartSpec(
        name=model["name"],
        description=str(model.get("description", "")).strip(),
        columns=tuple(columns),
        order_by=tuple(serving.get("order_by") or ()),
    )


@cache
def load_published_marts(dbt_dir: Path = DBT_PROJECT_DIR) -> dict[str, MartSpec]:
    """All marts with ``meta.serving.publish: true``, by name, from ``dbt/models/marts``."""
    specs: dict[str, MartSpec] = {}
    for path in sorted((dbt_dir / "models" / "marts").rglob("*.yml")):
        doc = yaml.safe_load(path.read_text()) or {}
        for model in doc.get("models") or []:
            if _serving_meta(model).get("publish"):
                specs[model["name"]] = _mart_spec(model, path)
    return specs
