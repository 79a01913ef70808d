"""Relationship fields: related rows of many parents read in one batched query.

Every relationship field resolves through a per-request DataLoader keyed by the field and
its arguments, so one level of a response (say the artifacts of 100 projects) costs one
SQL query, not one per row.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Sequence
from typing import Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types.field import StrawberryField

from api.graphql.context import ApiContext
from api.graphql.inputs import filter_to_mapping, order_keys
from api.graphql.relations import METRICS_MART, Relation
from api.graphql.resolvers import fetch_rows, selected_columns
from api.graphql.scalars import Date
from api.sql import DEFAULT_LIMIT, MAX_LIMIT, Filter
from api.sql_batch import PARENT, RelatedRows, build_related_select
from oso.marts import MartSpec

Row = dict[str, Any]


def _date_filter(first: dt.date | None, last: dt.date | None) -> Filter:
    bounds = {"_gte": first, "_lte": last}
    return {"sample_date": {op: v for op, v in bounds.items() if v is not None}}


def _loader(
    context: ApiContext, rel: Relation, target: MartSpec, options: dict[str, Any]
) -> DataLoader[str, list[Row]]:
    """The request's loader for this field and these arguments (created on first use)."""
    cache_key = (rel.parent, rel.field, repr(sorted(options.items())))
    loader = context.loaders.get(cache_key)
    if loader is None:
        related = RelatedRows(target, rel.target_key, rel.bridge)

        async def load(keys: list[str]) -> list[list[Row]]:
            sql, parameters = build_related_select(
                related, context.store.database, keys, metrics_mart=METRICS_MART, **options
            )
            what = f"{rel.parent}.{rel.field} ({target.name})"
            names, rows = await fetch_rows(context.store, sql, parameters, what)
            grouped: dict[str, list[Row]] = {key: [] for key in keys}
            for row in rows:
                record = dict(zip(names, row, strict=True))
                grouped[str(record.pop(PARENT))].append(record)
            return [grouped[key] for key in keys]

        loader = DataLoader(load_fn=load)
        context.loaders[cache_key] = loader
    return loader


def _parameters(rel: Relation, where_t: type, order_t: type) -> list[inspect.Parameter]:
    kw = inspect.Parameter.KEYWORD_ONLY

    def param(python: str, annotation: Any, text: str, name: str | None = None) -> Any:
        typed = Annotated[annotation | None, strawberry.argument(name=name, description=text)]
        return inspect.Parameter(python, kw, default=strawberry.UNSET, annotation=typed)

    params = [
        inspect.Parameter("root", kw, annotation=Any),
        inspect.Parameter("info", kw, annotation=strawberry.Info),
    ]
    if not rel.many:
        return params
    params += [
        param("where", where_t, "Filter the related rows."),
        param("order_by", list[order_t], "Sort keys, applied in order."),  # type: ignore[valid-type]
        param("limit", int, f"Rows per parent (default {DEFAULT_LIMIT}, at most {MAX_LIMIT})."),
        param("offset", int, "Rows to skip per parent."),
    ]
    if rel.metric_filter:
        text = "Only these metrics, by metric_name (e.g. GITHUB_stars_daily)."
        params.append(param("metric_names", list[str], text, "metricNames"))
    if rel.date_range:
        params.append(param("from_", Date, "First sample date (inclusive).", "from"))
        params.append(param("to", Date, "Last sample date (inclusive).", "to"))
    return params


def relation_options(
    rel: Relation,
    *,
    columns: tuple[str, ...] | None,
    where: Filter | None,
    order_by: tuple[tuple[str, str], ...],
    limit: int | None,
    offset: int | None,
    metric_names: Sequence[str] | None,
    first: dt.date | None,
    last: dt.date | None,
) -> dict[str, Any]:
    """build_related_select's keyword arguments for a relationship field's arguments (shared
    with the fast path, api/graphql/fastpath.py)."""
    if first or last:
        dates = _date_filter(first, last)
        where = {"_and": [where, dates]} if where else dates
    return {
        "columns": columns or None,
        "where": where,
        "order_by": order_by,
        "limit": limit if rel.many else 1,
        "offset": offset,
        "metric_names": tuple(metric_names) if metric_names is not None else None,
    }


def _options(rel: Relation, info: Any, target: MartSpec, keys: dict, args: dict) -> dict:
    """The options for this field's Strawberry arguments."""
    return relation_options(
        rel,
        columns=tuple(selected_columns(info, target, keys) or ()),
        where=filter_to_mapping(args["where"]) if args.get("where") else None,
        order_by=tuple(order_keys(args.get("order_by"))),
        limit=args.get("limit"),
        offset=args.get("offset"),
        metric_names=args.get("metric_names"),
        first=args.get("from_"),
        last=args.get("to"),
    )


def relation_field(
    rel: Relation,
    target: MartSpec,
    target_t: type,
    where_t: type,
    order_t: type,
    target_keys: dict[str, str],
) -> StrawberryField:
    """The field ``rel.field`` on the parent type, returning ``target_t`` rows.

    ``target_keys`` maps the target type's own relationship fields to the columns they need,
    so nested relationships get their keys even when the query doesn't select them.
    """

    async def resolve(root: Row, info: strawberry.Info[ApiContext, None], **args: Any) -> Any:
        key = root.get(rel.parent_key)
        if key is None:
            return [] if rel.many else None
        # One field node resolves for every parent row with the same arguments: work out
        # the query's options once per node and request, not once per row.
        node_key = (rel.parent, rel.field, str(id(info._raw_info.field_nodes[0])))
        options = info.context.field_options.get(node_key)
        if options is None:
            args = {k: v for k, v in args.items() if v is not strawberry.UNSET and v is not None}
            options = _options(rel, info, target, target_keys, args)
            info.context.field_options[node_key] = options
        rows: Sequence[Row] = await _loader(info.context, rel, target, options).load(str(key))
        return list(rows) if rel.many else (rows[0] if rows else None)

    returns: Any = list[target_t] if rel.many else target_t | None  # type: ignore[valid-type]
    resolve.__name__ = f"resolve_{rel.parent}_{rel.field}"
    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        _parameters(rel, where_t, order_t), return_annotation=returns
    )
    return strawberry.field(resolver=resolve, name=rel.field, description=rel.description)
