"""A fast path for GraphQL queries of marts, columns and relationships.

graphql-core completes every field of every row in Python, and resolves a relationship once
per parent row: for a few hundred rows that costs more than the ClickHouse queries. A query
of root mart lists selecting columns and relationships (aliases, variables and
``__typename`` allowed; no fragments or directives; see api/graphql/fastplan.py) needs none
of it. This module runs the same validation (graphql-core's rules, the depth, alias, token and
complexity limits), the same SQL (``build_select``, and ``build_related_select`` once per
level for all parents) and the same scalar serialisers, and builds the response directly.
Any other query, and any request that fails here, goes the normal way, so errors are always
Strawberry's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.types import ExecutionResult

from api.graphql import naming
from api.graphql.fastplan import TYPENAME, Entry, Planner, Root, Selection
from api.graphql.guards import (
    DEFAULT_MAX_COMPLEXITY,
    DEFAULT_MAX_DEPTH,
    complexity_rule,
    depth_rule,
)
from api.graphql.inputs import filter_from_graphql
from api.graphql.related import relation_options
from api.graphql.relations import METRICS_MART, active_relations
from api.graphql.resolvers import column_fields, fetch_rows
from api.graphql.scalars import PYTHON_TYPES, SCALAR_MAP
from api.sql import build_select
from api.sql_batch import PARENT, RelatedRows, build_related_select
from oso.marts import MartSpec

Record = dict[Any, Any]  # a row read from the store: column -> value, (PARENT, key) -> records


@dataclass(frozen=True)
class Limits:
    max_aliases: int
    max_tokens: int


def _serializers(spec: MartSpec) -> dict[str, Callable[[Any], Any]]:
    out: dict[str, Callable[[Any], Any]] = {}
    for column in spec.columns:
        scalar = SCALAR_MAP.get(PYTHON_TYPES[column.type])
        out[column.name] = scalar.serialize if scalar and scalar.serialize else str
    return out


def _order(spec: MartSpec, entries: Any) -> tuple[tuple[str, str], ...]:
    columns = column_fields(spec)
    return tuple(
        (columns[name], direction.value)
        for entry in entries or ()
        for name, direction in entry.items()
        if direction is not None
    )


class FastPath:
    """Plans (cached by query text) and runs eligible queries; None means "not eligible"."""

    def __init__(
        self, schema: GraphQLSchema, specs: Mapping[str, MartSpec], limits: Limits
    ) -> None:
        self.schema = schema
        self.planner = Planner(specs, active_relations(specs))
        self.serializers = {name: _serializers(spec) for name, spec in specs.items()}
        self.limits = limits
        self.plan = lru_cache(maxsize=256)(self._plan)

    def _plan(self, query: str, operation_name: str | None, max_depth: int) -> Any:
        """(document, operation, roots) for an eligible, valid query; None otherwise."""
        try:
            document = parse(query, max_tokens=self.limits.max_tokens)
        except GraphQLError:
            return None
        operation = document.definitions[0] if len(document.definitions) == 1 else None
        if not isinstance(operation, OperationDefinitionNode):
            return None
        if operation.operation != OperationType.QUERY or operation.directives:
            return None
        if operation_name is not None and operation_name != getattr(operation.name, "value", None):
            return None
        roots = [self.planner.root(node) for node in operation.selection_set.selections]
        if not roots or any(r is None for r in roots):
            return None
        rules = [*specified_rules, depth_rule(max_depth), aliases_rule(self.limits.max_aliases)]
        if validate(self.schema, document, rules):
            return None
        return document, operation, tuple(roots)

    async def execute(
        self, query: str, variables: dict[str, Any] | None, context: Any, operation_name: str | None
    ) -> ExecutionResult | None:
        settings = getattr(context, "settings", None)
        max_depth = getattr(settings, "api_max_query_depth", DEFAULT_MAX_DEPTH)
        planned = self.plan(query, operation_name, max_depth)
        if planned is None:
            return None
        document, operation, roots = planned
        coerced = get_variable_values(self.schema, operation.variable_definitions, variables or {})
        if isinstance(coerced, list):  # variable errors: let the normal path report them
            return None
        max_rows = getattr(settings, "api_max_query_complexity", DEFAULT_MAX_COMPLEXITY)
        if validate(self.schema, document, [complexity_rule(max_rows, coerced)]):
            return None
        try:
            data = {root.key: await self._root(root, coerced, context) for root in roots}
        except Exception:  # the normal path raises it again, as a proper GraphQL error
            return None
        return ExecutionResult(data=data, errors=None)

    async def _root(self, root: Root, variables: dict[str, Any], context: Any) -> list[Any]:
        spec = root.selection.spec
        field = self.schema.query_type.fields[root.node.name.value]  # type: ignore[union-attr]
        args = get_argument_values(field, root.node, variables)
        sql, parameters = build_select(
            spec,
            context.store.database,
            columns=root.selection.columns or None,
            where=filter_from_graphql(spec, args["where"]) if args.get("where") else None,
            order_by=_order(spec, args.get("order_by")),
            limit=args.get("limit"),
            offset=args.get("offset"),
        )
        names, rows = await fetch_rows(context.store, sql, parameters, spec.name)
        records = [dict(zip(names, row, strict=True)) for row in rows]
        await self._attach(root.selection, records, variables, context)
        return [self._serialize(root.selection, record) for record in records]

    async def _attach(
        self, selection: Selection, records: list[Record], variables: dict, context: Any
    ) -> None:
        """Read each relationship of ``selection`` for all ``records`` in one query, nested
        relationships likewise, and keep the related records on each parent record."""
        for entry in selection.entries:
            if entry.relation is None or entry.child is None:
                continue
            rel, child = entry.relation, entry.child
            keys = list(
                dict.fromkeys(
                    str(r[rel.parent_key]) for r in records if r[rel.parent_key] is not None
                )
            )
            grouped: dict[str, list[Record]] = {key: [] for key in keys}
            if keys:
                for record in await self._related(entry, keys, variables, context):
                    grouped[str(record.pop(PARENT))].append(record)
                await self._attach(
                    child, [r for rs in grouped.values() for r in rs], variables, context
                )
            for record in records:
                key = record[rel.parent_key]
                record[(PARENT, entry.key)] = grouped.get(str(key), []) if key is not None else []

    async def _related(
        self, entry: Entry, keys: list[str], variables: dict, context: Any
    ) -> list[Record]:
        rel, child = entry.relation, entry.child
        assert rel is not None and child is not None and entry.node is not None
        parent_type = self.schema.get_type(naming.type_name(rel.parent))
        field = parent_type.fields[rel.field]  # type: ignore[union-attr]
        args = get_argument_values(field, entry.node, variables)
        where = args.get("where")
        options = relation_options(
            rel,
            columns=child.columns,
            where=filter_from_graphql(child.spec, where) if where else None,
            order_by=_order(child.spec, args.get("order_by")),
            limit=args.get("limit"),
            offset=args.get("offset"),
            metric_names=args.get("metricNames"),
            first=args.get("from"),
            last=args.get("to"),
        )
        related = RelatedRows(child.spec, rel.target_key, rel.bridge)
        sql, parameters = build_related_select(
            related, context.store.database, keys, metrics_mart=METRICS_MART, **options
        )
        what = f"{rel.parent}.{rel.field} ({child.spec.name})"
        names, rows = await fetch_rows(context.store, sql, parameters, what)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _serialize(self, selection: Selection, record: Record) -> dict[str, Any]:
        serializers = self.serializers[selection.spec.name]
        out: dict[str, Any] = {}
        for entry in selection.entries:
            if entry.column == TYPENAME:
                out[entry.key] = naming.type_name(selection.spec.name)
            elif entry.column is not None:
                value = record[entry.column]
                out[entry.key] = None if value is None else serializers[entry.column](value)
            else:
                assert entry.relation is not None and entry.child is not None
                related = [self._serialize(entry.child, r) for r in record[(PARENT, entry.key)]]
                out[entry.key] = (
                    related if entry.relation.many else (related[0] if related else None)
                )
        return out
