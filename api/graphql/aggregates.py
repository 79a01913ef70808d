"""Aggregate root fields: ``oso_<camelCaseMart>Aggregate(where) { count sum {...} avg {...} }``.

Hasura metadata defined aggregate roots for OSO but never served them; here every mart has
one: ``count`` of the rows ``where`` selects, and ``sum``/``avg``/``min``/``max`` of its
numeric columns, computed by ClickHouse in one query of only the aggregates asked for.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import strawberry
from strawberry.types.field import StrawberryField

from api.graphql import naming
from api.graphql.context import ApiContext
from api.graphql.dynamic import FieldDef, make_type
from api.graphql.inputs import filter_to_mapping
from api.graphql.resolvers import fetch_rows, field_names
from api.graphql.scalars import PYTHON_TYPES, Float64
from api.sql_batch import AGGREGATES, NUMERIC, aggregate_alias, build_aggregate
from oso.marts import MartSpec


def _numeric(spec: MartSpec) -> list[str]:
    return [c.name for c in spec.columns if c.type in NUMERIC]


def _values_type(spec: MartSpec, suffix: str, average: bool) -> type:
    fields = [
        FieldDef(
            c.name, naming.camel(c.name), (Float64 if average else PYTHON_TYPES[c.type]) | None
        )
        for c in spec.columns
        if c.type in NUMERIC
    ]
    what = "Averages" if average else "Values"
    return make_type(
        naming.type_name(spec.name, suffix),
        fields,
        description=f"{what} over the selected rows of {spec.name} (NULL when there are none).",
    )


def aggregate_type(spec: MartSpec) -> type:
    """``Oso_ProjectsV1Aggregate``: ``count``, plus per-function numeric columns if any."""
    fields = [FieldDef("count", "count", int, "Rows the filter selects.")]
    if _numeric(spec):
        values = _values_type(spec, "AggregateValues", average=False)
        averages = _values_type(spec, "AggregateAverages", average=True)
        for function in AGGREGATES:
            kind = averages if function == "avg" else values
            fields.append(FieldDef(function, function, kind, f"{function} of each numeric column"))
    return make_type(
        naming.type_name(spec.name, "Aggregate"),
        fields,
        description=f"Aggregates over the rows of {spec.name}.",
    )


def _requested(info: strawberry.Info) -> list[tuple[str, str]]:
    """``(function, column)`` pairs the query selects under sum/avg/min/max."""
    wanted = []
    for field in info.selected_fields:
        for selection in field.selections:
            name = getattr(selection, "name", None)
            if name in AGGREGATES:
                wanted += [(name, col) for col in field_names(selection.selections)]
    return wanted


def aggregate_field(spec: MartSpec, aggregate_t: type, where_t: type) -> StrawberryField:
    """The root field ``oso_<camelCaseMart>Aggregate``."""
    columns = {naming.camel(c): c for c in _numeric(spec)}

    async def resolve(info: strawberry.Info[ApiContext, None], where: Any = None) -> Any:
        pairs = [(f, columns[c]) for f, c in _requested(info) if c in columns]
        sql, parameters = build_aggregate(
            spec,
            info.context.store.database,
            where=filter_to_mapping(where) if where else None,
            aggregates=pairs,
        )
        names, rows = await fetch_rows(info.context.store, sql, parameters, spec.name)
        result = dict(zip(names, rows[0], strict=True))
        out: dict[str, Any] = {"count": int(result["count"])}
        for function in AGGREGATES:
            out[function] = {c: result.get(aggregate_alias(function, c)) for c in columns.values()}
        return out

    kw = inspect.Parameter.KEYWORD_ONLY
    where_arg = Annotated[where_t | None, strawberry.argument(description="Filter rows.")]  # type: ignore[valid-type]
    resolve.__name__ = f"resolve_{spec.name}_aggregate"
    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("info", kw, annotation=strawberry.Info),
            inspect.Parameter("where", kw, default=strawberry.UNSET, annotation=where_arg),
        ],
        return_annotation=aggregate_t,
    )
    return strawberry.field(
        resolver=resolve,
        name=naming.root_field(spec.name) + "Aggregate",
        description=f"count, sum, avg, min and max over the rows of {spec.name}.",
    )
