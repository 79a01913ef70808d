"""Specs of the published marts, read from the dbt YAML (the one source of truth).

A mart is published when its dbt ``meta.serving.publish`` is true. Its columns and types
come from the dbt contract; the publisher, the API schema and the website all use these
specs, so a column added in dbt shows up everywhere with the same name and type.

``meta.serving`` also shapes the ClickHouse table::

    serving:
      publish: true
      order_by: [project_id]              # the MergeTree key (stored non-NULL)
      not_null: [display_name]            # also stored non-NULL (the publisher refuses NULLs)
      low_cardinality: [project_source]   # string columns stored as LowCardinality(String)
      indexes:                            # data-skipping indexes
        - {columns: [display_name], type: "ngrambf_v1(3, 1024, 2, 0)", granularity: 4}

Key and ``not_null`` columns are stored non-NULL, every other column ``Nullable`` (dbt's
not_null tests are assertions about the warehouse, not a storage contract, so they are not
used). A text (ngram/token) index needs a non-NULL column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from oso.serving.ddl import TEXT_INDEXES, IndexSpec, TableSpec
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
SERVING_KEYS = frozenset({"publish", "order_by", "not_null", "low_cardinality", "indexes"})


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str  # one of LOGICAL_TYPES
    description: str = ""
    not_null: bool = False  # stored non-NULL: a key or listed in meta.serving.not_null


@dataclass(frozen=True)
class MartSpec:
    name: str
    description: str
    columns: tuple[ColumnSpec, ...]
    order_by: tuple[str, ...]
    indexes: tuple[IndexSpec, ...] = ()
    low_cardinality: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def clickhouse_types(self) -> dict[str, str]:
        """ClickHouse column types: keys and not_null columns non-NULL, the rest Nullable."""
        types = {}
        for c in self.columns:
            base = CLICKHOUSE_TYPES[c.type]
            if not (c.not_null or c.name in self.order_by):
                base = f"Nullable({base})"
            types[c.name] = f"LowCardinality({base})" if c.name in self.low_cardinality else base
        return types

    def table_spec(self) -> TableSpec:
        """What the publisher creates: types, ``ORDER BY`` and skipping indexes."""
        return TableSpec(self.name, self.order_by, self.clickhouse_types(), self.indexes)


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


def _names(serving: dict, key: str, columns: dict[str, ColumnSpec], where: str) -> tuple[str, ...]:
    names = tuple(serving.get(key) or ())
    unknown = [n for n in names if n not in columns]
    if unknown:
        raise ValueError(f"{where}: meta.serving.{key} names unknown columns {unknown}")
    return names


def _serving_layout(
    serving: dict, columns: dict[str, ColumnSpec], where: str
) -> tuple[tuple[IndexSpec, ...], tuple[str, ...]]:
    """The indexes and LowCardinality columns of ``meta.serving``, checked against the columns."""
    low = _names(serving, "low_cardinality", columns, where)
    if bad := [n for n in low if columns[n].type != "string"]:
        raise ValueError(f"{where}: low_cardinality columns must be strings, not {bad}")
    indexes = []
    for raw in serving.get("indexes") or []:
        if not isinstance(raw, dict) or set(raw) - {"columns", "type", "granularity", "name"}:
            raise ValueError(
                f"{where}: an index is {{columns, type, granularity, name}}, got {raw!r}"
            )
        index = IndexSpec(
            tuple(raw.get("columns") or ()),
            str(raw.get("type", "")),
            raw.get("granularity", 1),
            raw.get("name", ""),
        )
        _names({"indexes": index.columns}, "indexes", columns, where)
        if index.kind in TEXT_INDEXES and not columns[index.columns[0]].not_null:
            raise ValueError(
                f"{where}: a {index.kind} index needs a non-NULL column; add "
                f"{index.columns[0]} to meta.serving.not_null or order_by"
            )
        indexes.append(index)
    return tuple(indexes), low


def _mart_spec(model: dict, path: Path) -> MartSpec:
    serving = _serving_meta(model)
    where = f"{path}: mart {model['name']}"
    if unknown := set(serving) - SERVING_KEYS:
        raise ValueError(f"{where}: unknown meta.serving keys {sorted(unknown)}")
    order_by = tuple(serving.get("order_by") or ())
    extra_not_null = set(serving.get("not_null") or ())
    columns: dict[str, ColumnSpec] = {}
    for col in model.get("columns") or []:
        if "data_type" not in col:
            raise ValueError(f"{where} column {col['name']} has no data_type")
        not_null = col["name"] in order_by or col["name"] in extra_not_null
        columns[col["name"]] = ColumnSpec(
            col["name"], logical_type(str(col["data_type"])), col.get("description", ""), not_null
        )
    _names(serving, "order_by", columns, where)
    _names(serving, "not_null", columns, where)
    indexes, low = _serving_layout(serving, columns, where)
    return MartSpec(
        name=model["name"],
        description=str(model.get("description", "")).strip(),
        columns=tuple(columns.values()),
        order_by=order_by,
        indexes=indexes,
        low_cardinality=low,
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
