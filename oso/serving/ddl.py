"""Table specs and the CREATE TABLE built from them (never from free text).

A ``TableSpec`` names a table, its ``ORDER BY`` key, its ClickHouse column types and its
skipping indexes. Every part is checked when the spec is built: identifiers must be plain
names, column types come from a fixed list and index types from a few known patterns, so a
spec that arrives over the internal HTTP route cannot smuggle SQL into the DDL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from oso.serving.errors import SpecError

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
BASE_TYPES = ("String", "Int64", "Float64", "Date32", "Bool", "DateTime64(6, 'UTC')")
ALLOWED_TYPES = frozenset(
    {*BASE_TYPES, *(f"Nullable({t})" for t in BASE_TYPES)}
    | {"LowCardinality(String)", "LowCardinality(Nullable(String))"}
)
NON_NULL_STRING = frozenset({"String", "LowCardinality(String)"})
_INT = r"\d{1,7}"
INDEX_TYPES = {
    "minmax": re.compile(r"minmax"),
    "set": re.compile(rf"set\({_INT}\)"),
    "bloom_filter": re.compile(r"bloom_filter(\(0?\.\d{1,6}\))?"),
    "ngrambf_v1": re.compile(rf"ngrambf_v1\({_INT}, {_INT}, {_INT}, {_INT}\)"),
    "tokenbf_v1": re.compile(rf"tokenbf_v1\({_INT}, {_INT}, {_INT}\)"),
}
TEXT_INDEXES = ("ngrambf_v1", "tokenbf_v1")  # ClickHouse allows these on non-NULL strings only


def quote(name: str) -> str:
    """A backquoted identifier; anything but a plain name is refused."""
    if not isinstance(name, str) or not IDENTIFIER.fullmatch(name):
        raise SpecError(f"{name!r} is not a valid table, column or index name")
    return f"`{name}`"


@dataclass(frozen=True)
class IndexSpec:
    """A data-skipping index: ``INDEX <name> (<columns>) TYPE <type> GRANULARITY <n>``."""

    columns: tuple[str, ...]
    type: str
    granularity: int = 1
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        if not self.columns:
            raise SpecError("an index needs at least one column")
        for column in self.columns:
            quote(column)
        normalised = re.sub(r"\s*,\s*", ", ", re.sub(r"\s+", " ", str(self.type).strip()))
        object.__setattr__(self, "type", normalised)
        if not any(p.fullmatch(normalised) for p in INDEX_TYPES.values()):
            raise SpecError(
                f"index type {self.type!r} is not one of: {', '.join(INDEX_TYPES)} "
                "(e.g. bloom_filter, ngrambf_v1(3, 1024, 2, 0))"
            )
        if self.kind in TEXT_INDEXES and len(self.columns) != 1:
            raise SpecError(f"a {self.kind} index takes exactly one column, not {self.columns}")
        if not isinstance(self.granularity, int) or not 1 <= self.granularity <= 100_000:
            raise SpecError(
                f"index granularity must be an integer 1..100000, not {self.granularity!r}"
            )
        object.__setattr__(self, "name", self.name or f"idx_{'_'.join(self.columns)}_{self.kind}")
        quote(self.name)

    @property
    def kind(self) -> str:
        return self.type.split("(", 1)[0]

    def sql(self) -> str:
        columns = ", ".join(quote(c) for c in self.columns)
        return (
            f"INDEX {quote(self.name)} ({columns}) TYPE {self.type} GRANULARITY {self.granularity}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "type": self.type,
            "granularity": self.granularity,
            "name": self.name,
        }


@dataclass(frozen=True)
class TableSpec:
    name: str
    order_by: tuple[str, ...] = ()
    column_types: dict[str, str] = field(default_factory=dict)  # ClickHouse type overrides
    indexes: tuple[IndexSpec, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "order_by", tuple(self.order_by))
        object.__setattr__(self, "indexes", tuple(self.indexes))
        for ident in (self.name, *self.order_by, *self.column_types):
            quote(ident)
        for column, ch_type in self.column_types.items():
            if ch_type not in ALLOWED_TYPES:
                raise SpecError(f"{self.name}.{column}: type {ch_type!r} is not a published type")
        names = [i.name for i in self.indexes]
        if len(set(names)) != len(names):
            raise SpecError(f"{self.name}: index names repeat: {names}")

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "order_by": list(self.order_by),
            "column_types": dict(self.column_types),
            "indexes": [i.to_json() for i in self.indexes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TableSpec:
        """The spec sent by ``to_json``; ``SpecError`` (a ``ValueError``) when malformed."""
        try:
            indexes = tuple(
                IndexSpec(
                    tuple(i["columns"]), i["type"], int(i.get("granularity", 1)), i.get("name", "")
                )
                for i in data.get("indexes") or ()
            )
            return cls(
                data["name"],
                tuple(data.get("order_by") or ()),
                dict(data.get("column_types") or {}),
                indexes,
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise SpecError(f"malformed table spec: {exc!r}") from exc


def clickhouse_type(arrow_type: pa.DataType, nullable: bool) -> str:
    """The ClickHouse type of an Arrow column (used when the spec gives none)."""
    if (
        pa.types.is_string(arrow_type)
        or pa.types.is_large_string(arrow_type)
        or pa.types.is_null(arrow_type)
    ):
        base = "String"
    elif pa.types.is_boolean(arrow_type):
        base = "Bool"
    elif pa.types.is_integer(arrow_type):
        base = "Int64"
    elif pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        base = "Float64"
    elif pa.types.is_date(arrow_type):
        base = "Date32"
    elif pa.types.is_timestamp(arrow_type):
        base = "DateTime64(6, 'UTC')"
    else:
        raise SpecError(f"no ClickHouse type for Arrow type {arrow_type}")
    return f"Nullable({base})" if nullable else base


def is_nullable(ch_type: str) -> bool:
    return ch_type.startswith(("Nullable(", "LowCardinality(Nullable("))


def resolved_types(spec: TableSpec, schema: pa.Schema) -> dict[str, str]:
    """Every column's ClickHouse type: the spec's, else derived from Arrow (keys non-NULL)."""
    missing = [
        c
        for c in (*spec.order_by, *(c for i in spec.indexes for c in i.columns))
        if c not in schema.names
    ]
    if missing:
        raise SpecError(
            f"{spec.name}: key or index columns {sorted(set(missing))} are not in the table"
        )
    types = {}
    for f in schema:
        quote(f.name)
        types[f.name] = spec.column_types.get(f.name) or clickhouse_type(
            f.type, f.name not in spec.order_by
        )
    for key in spec.order_by:
        if is_nullable(types[key]):
            raise SpecError(f"{spec.name}: key column {key!r} must not be Nullable")
    for index in spec.indexes:
        if index.kind in TEXT_INDEXES and types[index.columns[0]] not in NON_NULL_STRING:
            raise SpecError(
                f"{spec.name}: {index.kind} index on {index.columns[0]!r} needs a non-NULL String "
                f"column, the column is {types[index.columns[0]]}"
            )
    return types


def create_table_sql(
    database: str, table_name: str, spec: TableSpec, schema: pa.Schema, comment: str = ""
) -> str:
    types = resolved_types(spec, schema)
    parts = [f"{quote(name)} {ch_type}" for name, ch_type in types.items()]
    parts += [index.sql() for index in spec.indexes]
    order = ", ".join(quote(c) for c in spec.order_by)
    order = f"({order})" if len(spec.order_by) > 1 else order or "tuple()"
    if comment and not IDENTIFIER.fullmatch(comment):
        raise SpecError(f"table comment {comment!r} must be a plain word")
    return (
        f"CREATE TABLE {quote(database)}.{quote(table_name)} ({', '.join(parts)}) "
        f"ENGINE = MergeTree ORDER BY {order}" + (f" COMMENT '{comment}'" if comment else "")
    )
