"""Filter and sort inputs (Hasura DDN shape): ``<T>BoolExp``, ``<T>OrderBy``, ``OrderBy``.

Strawberry hands resolvers instances of these classes; :func:`filter_to_mapping` and
:func:`order_keys` turn them into the plain structures :mod:`api.sql` takes.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from functools import cache
from typing import Any

import strawberry

from api.graphql import naming
from api.graphql.dynamic import FieldDef, make_type
from api.graphql.scalars import PYTHON_TYPES, SCALAR_NAMES
from api.sql import Filter, OrderKey, operators_for
from oso.marts import MartSpec

_OPERATOR_DOCS = {
    "_eq": "equal to",
    "_neq": "not equal to (NULL never matches)",
    "_gt": "greater than",
    "_gte": "greater than or equal to",
    "_lt": "less than",
    "_lte": "less than or equal to",
    "_in": "one of the listed values",
    "_nin": "none of the listed values (NULL never matches)",
    "_is_null": "true: the value is NULL; false: it is not",
    "_like": "matches a LIKE pattern (% any run, _ one character), case-sensitive",
    "_nlike": "does not match the LIKE pattern",
    "_ilike": "matches a LIKE pattern, case-insensitive",
    "_nilike": "does not match the case-insensitive LIKE pattern",
}


@strawberry.enum(name="OrderBy", description="Sort direction (NULLs sort last unless stated).")
class OrderBy(enum.Enum):
    Asc = "Asc"
    Desc = "Desc"
    AscNullsFirst = "AscNullsFirst"
    AscNullsLast = "AscNullsLast"
    DescNullsFirst = "DescNullsFirst"
    DescNullsLast = "DescNullsLast"


def _operator_field(op: str, logical_type: str) -> FieldDef:
    scalar = PYTHON_TYPES[logical_type]
    many = list[scalar]  # type: ignore[valid-type]
    annotation: Any = {"_is_null": bool, "_in": many, "_nin": many}.get(op, scalar)
    python = op.lstrip("_") + ("_" if op == "_in" else "")
    return FieldDef(python, op, annotation | None, _OPERATOR_DOCS[op])


@cache
def comparison_input(logical_type: str) -> type:
    """``Oso_StringBoolExp``, ``Oso_Int64BoolExp``, ...: one per logical type, shared."""
    name = f"Oso_{SCALAR_NAMES[logical_type]}BoolExp"
    fields = [_operator_field(op, logical_type) for op in operators_for(logical_type)]
    return make_type(
        name, fields, is_input=True, description=f"Conditions on a field of type {logical_type}."
    )


def bool_exp_input(spec: MartSpec) -> type:
    """``Oso_ProjectsV1BoolExp``: ``_and``, ``_or``, ``_not`` and one comparison per column."""

    def fields(cls: type) -> list[FieldDef]:
        logic = [
            FieldDef("and_", "_and", list[cls] | None, "all of these hold"),  # type: ignore[valid-type]
            FieldDef("or_", "_or", list[cls] | None, "at least one of these holds"),  # type: ignore[valid-type]
            FieldDef("not_", "_not", cls | None, "this does not hold"),
        ]
        return logic + [
            FieldDef(
                naming.python_name(c.name),
                naming.camel(c.name),
                comparison_input(c.type) | None,
                c.description,
            )
            for c in spec.columns
        ]

    return make_type(
        naming.type_name(spec.name, "BoolExp"),
        fields,
        is_input=True,
        description=f"Filter on {spec.name}; the conditions listed in one object all hold.",
    )


def order_by_input(spec: MartSpec) -> type:
    """``Oso_ProjectsV1OrderBy``: one optional direction per column."""
    fields = [
        FieldDef(naming.python_name(c.name), naming.camel(c.name), OrderBy | None, c.description)
        for c in spec.columns
    ]
    return make_type(
        naming.type_name(spec.name, "OrderBy"),
        fields,
        is_input=True,
        description="Sort keys; list entries apply in order (fields inside one entry in column order).",
    )


def _set_fields(obj: Any) -> list[tuple[str, Any]]:
    return [
        (f.name, getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if getattr(obj, f.name) is not strawberry.UNSET
    ]


def filter_to_mapping(exp: Any) -> Filter:
    """A ``<T>BoolExp`` instance -> ``{"_and": [...], "<column>": {"_eq": ...}}``."""
    keys = type(exp).__graphql_keys__
    out: dict[str, Any] = {}
    for name, value in _set_fields(exp):
        key = keys[name]
        if value is None:
            out[key] = None
        elif key in ("_and", "_or"):
            out[key] = [filter_to_mapping(e) for e in value]
        elif key == "_not":
            out[key] = filter_to_mapping(value)
        else:  # a column: its comparison input, keyed by operator
            ops = type(value).__graphql_keys__
            out[name] = {ops[op]: v for op, v in _set_fields(value)}
    return out


def filter_from_graphql(spec: MartSpec, exp: Mapping[str, Any]) -> Filter:
    """A ``<T>BoolExp`` value as graphql-core coerces it (GraphQL names) -> a column filter."""
    columns = {naming.camel(c): c for c in spec.column_names}
    out: dict[str, Any] = {}
    for key, value in exp.items():
        if value is None:
            out[key] = None
        elif key in ("_and", "_or"):
            out[key] = [filter_from_graphql(spec, e) for e in value]
        elif key == "_not":
            out[key] = filter_from_graphql(spec, value)
        else:
            out[columns[key]] = dict(value)
    return out


def order_keys(entries: list[Any] | None) -> list[OrderKey]:
    """``[{starCount: Desc}, ...]`` -> ``[("star_count", "Desc"), ...]``."""
    return [
        (name, value.value)
        for entry in entries or ()
        for name, value in _set_fields(entry)
        if value is not None
    ]
