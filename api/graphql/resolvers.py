"""Root fields: one ``oso_<camelCaseMart>`` list query per mart."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types.field import StrawberryField
from strawberry.types.nodes import SelectedField, Selection

from api.graphql import naming
from api.graphql.context import ApiContext
from api.graphql.inputs import filter_to_mapping, order_keys
from api.sql import DEFAULT_LIMIT, MAX_LIMIT, QueryError, build_select
from oso.marts import MartSpec
from oso.serving.store import ServingStore


def field_names(selections: Iterable[Selection]) -> Iterable[str]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        else:  # fragment spread or inline fragment
            yield from field_names(selection.selections)


@cache
def column_fields(spec: MartSpec) -> dict[str, str]:
    """GraphQL field name -> column, per mart."""
    return {naming.camel(c.name): c.name for c in spec.columns}


def selected_columns(
    info: strawberry.Info, spec: MartSpec, relation_keys: Mapping[str, str] | None = None
) -> list[str] | None:
    """The columns the query asks for (None: only ``__typename``, read every column).

    ``relation_keys`` maps the type's relationship fields to the column each one needs.
    """
    by_field = column_fields(spec) | dict(relation_keys or {})
    wanted = [
        by_field[name]
        for field in info.selected_fields
        for name in field_names(field.selections)
        if name in by_field
    ]
    return list(dict.fromkeys(wanted)) or None


async def fetch_rows(
    store: ServingStore, sql: str, parameters: dict[str, Any], what: str
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a query off the event loop; a missing table is the client's error, said plainly."""
    try:
        return await run_in_threadpool(store.query_rows, sql, parameters)
    except Exception as exc:
        if "UNKNOWN_TABLE" in str(exc):  # ClickHouse code 60: a mart isn't published yet
            raise QueryError(f"{what} has not been published yet") from exc
        raise


def _signature(where_t: type, order_t: type, object_t: type) -> inspect.Signature:
    kw = inspect.Parameter.KEYWORD_ONLY
    arg = strawberry.argument

    def param(name: str, annotation: Any, description: str) -> inspect.Parameter:
        typed = Annotated[annotation | None, arg(description=description)]
        return inspect.Parameter(name, kw, default=strawberry.UNSET, annotation=typed)

    return inspect.Signature(
        [
            inspect.Parameter("info", kw, annotation=strawberry.Info),
            param("where", where_t, "Filter rows."),
            param("order_by", list[order_t], "Sort keys, applied in order."),  # type: ignore[valid-type]
            param("limit", int, f"Rows to return (default {DEFAULT_LIMIT}, at most {MAX_LIMIT})."),
            param("offset", int, "Rows to skip."),
        ],
        return_annotation=list[object_t],  # type: ignore[valid-type]
    )


def list_field(
    spec: MartSpec,
    object_t: type,
    where_t: type,
    order_t: type,
    relation_keys: Mapping[str, str] | None = None,
) -> StrawberryField:
    """The root field for ``spec``: runs one parameterised SELECT on the serving store."""

    async def resolve(
        info: strawberry.Info[ApiContext, None],
        where: Any = None,
        order_by: list[Any] | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[dict[str, Any]]:
        store = info.context.store
        sql, parameters = build_select(
            spec,
            store.database,
            columns=selected_columns(info, spec, relation_keys),
            where=filter_to_mapping(where) if where is not None else None,
            order_by=order_keys(order_by),
            limit=limit,
            offset=offset,
        )
        names, rows = await fetch_rows(store, sql, parameters, spec.name)
        return [dict(zip(names, row, strict=True)) for row in rows]

    resolve.__name__ = f"resolve_{spec.name}"
    resolve.__signature__ = _signature(where_t, order_t, object_t)  # type: ignore[attr-defined]
    description = spec.description or f"Rows of the {spec.name} mart."
    return strawberry.field(
        resolver=resolve, name=naming.root_field(spec.name), description=description
    )
