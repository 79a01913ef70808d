"""A fast path for the commonest GraphQL shape: root mart lists of plain columns.

graphql-core completes every field of every row in Python, which costs more than the
ClickHouse query for a few hundred rows. A query whose root fields are all ``oso_<mart>``
lists selecting only columns (aliases, variables and ``__typename`` allowed; no fragments,
directives or relationships) needs none of it: this module runs the same validation
(graphql-core's rules, the depth, alias, token and complexity limits), the same SQL
(:func:`api.sql.build_select`) and the same scalar serialisers, and builds the response
directly. Anything else, and any request that fails here, goes the normal way, so errors
are always Strawberry's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import (
    FieldNode,
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
from api.graphql.guards import (
    DEFAULT_MAX_COMPLEXITY,
    DEFAULT_MAX_DEPTH,
    complexity_rule,
    depth_rule,
)
from api.graphql.inputs import filter_from_graphql
from api.graphql.resolvers import fetch_rows
from api.graphql.scalars import PYTHON_TYPES, SCALAR_MAP
from api.sql import build_select
from oso.marts import MartSpec

TYPENAME = "__typename"


@dataclass(frozen=True)
class RootPlan:
    key: str  # response key (alias or field name)
    spec: MartSpec
    node: FieldNode
    fields: tuple[tuple[str, str], ...]  # (response key, column name or __typename)


def _serializers(spec: MartSpec) -> dict[str, Callable[[Any], Any]]:
    out: dict[str, Callable[[Any], Any]] = {}
    for column in spec.columns:
        scalar = SCALAR_MAP.get(PYTHON_TYPES[column.type])
        out[column.name] = scalar.serialize if scalar and scalar.serialize else str
    return out


@dataclass(frozen=True)
class Limits:
    max_aliases: int
    max_tokens: int


class FastPath:
    """Plans (cached by query text) and runs eligible queries; None means "not eligible"."""

    def __init__(
        self, schema: GraphQLSchema, specs: Mapping[str, MartSpec], limits: Limits
    ) -> None:
        self.schema = schema
        self.roots = {naming.root_field(name): spec for name, spec in specs.items()}
        self.serializers = {name: _serializers(spec) for name, spec in specs.items()}
        self.limits = limits
        self.plan = lru_cache(maxsize=256)(self._plan)

    def _plan(self, query: str, operation_name: str | None, max_depth: int) -> Any:
        """(document, operation, roots) for an eligible, valid query; None otherwise."""
        try:
            document = parse(query, max_tokens=self.limits.max_tokens)
        except GraphQLError:
            return None
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(document.definitions) != 1 or len(operations) != 1:
            return None
        operation = operations[0]
        if operation.operation != OperationType.QUERY or operation.directives:
            return None
        if operation_name is not None and operation_name != getattr(operation.name, "value", None):
            return None
        roots = [self._root(node) for node in operation.selection_set.selections]
        if not roots or any(r is None for r in roots):
            return None
        rules = [*specified_rules, depth_rule(max_depth), aliases_rule(self.limits.max_aliases)]
        if validate(self.schema, document, rules):
            return None
        return document, operation, tuple(roots)

    def _root(self, node: Any) -> RootPlan | None:
        if not isinstance(node, FieldNode) or node.directives or not node.selection_set:
            return None
        spec = self.roots.get(node.name.value)
        if spec is None:
            return None
        columns = {naming.camel(c): c for c in spec.column_names} | {TYPENAME: TYPENAME}
        fields = []
        for child in node.selection_set.selections:
            if not isinstance(child, FieldNode) or child.directives or child.selection_set:
                return None
            if child.name.value not in columns:
                return None  # a relationship: the normal path resolves it
            key = (child.alias or child.name).value
            fields.append((key, columns[child.name.value]))
        return RootPlan((node.alias or node.name).value, spec, node, tuple(fields))

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
        data = {}
        for root in roots:
            rows = await self._rows(root, coerced, context)
            if rows is None:
                return None
            data[root.key] = rows
        return ExecutionResult(data=data, errors=None)

    async def _rows(
        self, root: RootPlan, variables: dict[str, Any], context: Any
    ) -> list[dict[str, Any]] | None:
        field = self.schema.query_type.fields[root.node.name.value]  # type: ignore[union-attr]
        args = get_argument_values(field, root.node, variables)
        columns = [c for _, c in root.fields if c != TYPENAME] or None
        order = [
            (column, direction.value)
            for entry in args.get("order_by") or ()
            for column, direction in _order_entry(root.spec, entry)
        ]
        try:
            sql, parameters = build_select(
                root.spec,
                context.store.database,
                columns=columns,
                where=filter_from_graphql(root.spec, args["where"]) if args.get("where") else None,
                order_by=order,
                limit=args.get("limit"),
                offset=args.get("offset"),
            )
            names, rows = await fetch_rows(context.store, sql, parameters, root.spec.name)
        except Exception:  # the normal path raises it again, as a proper GraphQL error
            return None
        return self._serialize(root, names, rows)

    def _serialize(self, root: RootPlan, names: list[str], rows: list[tuple[Any, ...]]) -> Any:
        if not rows:
            return []
        serializers = self.serializers[root.spec.name]
        position = {name: i for i, name in enumerate(names)}
        type_name = naming.type_name(root.spec.name)
        plan = [
            (key, None, None)
            if column == TYPENAME
            else (key, position[column], serializers[column])
            for key, column in root.fields
        ]
        return [
            {
                key: type_name if i is None else (None if row[i] is None else fn(row[i]))  # type: ignore[misc]
                for key, i, fn in plan
            }
            for row in rows
        ]


def _order_entry(spec: MartSpec, entry: Mapping[str, Any]) -> list[tuple[str, Any]]:
    by_field = {naming.camel(c): c for c in spec.column_names}
    return [(by_field[name], direction) for name, direction in entry.items() if direction]
