"""GraphQL guards: a maximum selection depth and a row-estimate complexity limit.

Both are validation rules, so a rejected query costs no database work. The limits come from
the request's settings (``OSO_API_MAX_QUERY_DEPTH``, ``OSO_API_MAX_QUERY_COMPLEXITY``).
Introspection fields (``__schema``, ``__type``, ...) are ignored by both, so GraphiQL's
introspection query always passes.

The complexity of a selection is the number of rows it can return: a list field costs its
``limit`` argument (the default limit when absent) times one plus the cost of what it
selects, so nested lists multiply; an object field costs one plus its selection; scalars
are free. ``limit`` may be a literal or a variable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    VariableNode,
)
from graphql.type import GraphQLField, GraphQLOutputType
from strawberry.extensions import SchemaExtension
from strawberry.extensions.query_depth_limiter import create_validator

from api.sql import DEFAULT_LIMIT, MAX_LIMIT

DEFAULT_MAX_DEPTH = 8
DEFAULT_MAX_COMPLEXITY = 100_000
Composite = GraphQLObjectType | GraphQLInterfaceType


def _unwrap(kind: GraphQLOutputType) -> tuple[Any, bool]:
    """The named type under list/non-null wrappers, and whether a list is among them."""
    is_list = False
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(kind, GraphQLList)
        kind = kind.of_type
    return kind, is_list


class _Estimator:
    def __init__(
        self,
        schema: Any,
        fragments: Mapping[str, FragmentDefinitionNode],
        operation: OperationDefinitionNode,
        variables: Mapping[str, Any],
    ) -> None:
        self.schema, self.fragments, self.variables = schema, fragments, variables
        self.defaults = {
            d.variable.name.value: d.default_value.value
            for d in operation.variable_definitions or ()
            if isinstance(d.default_value, IntValueNode)
        }

    def _limit(self, node: FieldNode, field: GraphQLField) -> int:
        value: Any = None
        for arg in node.arguments or ():
            if arg.name.value != "limit":
                continue
            if isinstance(arg.value, IntValueNode):
                value = arg.value.value
            elif isinstance(arg.value, VariableNode):
                name = arg.value.name.value
                value = self.variables.get(name, self.defaults.get(name))
        try:
            limit = DEFAULT_LIMIT if value is None else int(value)
        except (TypeError, ValueError):  # a bad value is reported by validation/the resolver
            limit = DEFAULT_LIMIT
        return max(0, min(limit, MAX_LIMIT))

    def cost(self, selections: SelectionSetNode, parent: Any, seen: frozenset[str]) -> int:
        total = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                total += self._field(node, parent, seen)
            elif isinstance(node, InlineFragmentNode):
                cond = node.type_condition
                kind = self.schema.get_type(cond.name.value) if cond else parent
                total += self.cost(node.selection_set, kind, seen)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    kind = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.cost(fragment.selection_set, kind, seen | {name})
        return total

    def _field(self, node: FieldNode, parent: Any, seen: frozenset[str]) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, Composite) or not node.selection_set:
            return 0
        field = parent.fields.get(name)
        if field is None:  # unknown fields are reported by the standard rules
            return 0
        kind, is_list = _unwrap(field.type)
        inner = self.cost(node.selection_set, kind, seen)
        return (self._limit(node, field) if is_list else 1) * (1 + inner)


def complexity_rule(max_rows: int, variables: Mapping[str, Any]) -> type[ValidationRule]:
    class ComplexityRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            schema = self.context.schema
            root = schema.get_root_type(node.operation)
            fragments = {
                d.name.value: d
                for d in self.context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }
            rows = _Estimator(schema, fragments, node, variables).cost(
                node.selection_set, root, frozenset()
            )
            if rows > max_rows:
                self.report_error(
                    GraphQLError(
                        f"query too complex: it could return an estimated {rows:,} rows, more "
                        f"than the {max_rows:,} allowed (each list field counts its limit, "
                        f"default {DEFAULT_LIMIT}, times the rows selected inside it); "
                        "lower the limits or split the query",
                        node,
                    )
                )

    return ComplexityRule


@lru_cache(maxsize=8)
def depth_rule(max_depth: int) -> type[ValidationRule]:
    """Strawberry's query depth limiter (it skips introspection fields)."""
    return create_validator(max_depth, None)


class QueryGuards(SchemaExtension):
    """Adds the depth and complexity rules with the limits of the request's settings."""

    def on_operation(self) -> Iterator[None]:
        ctx = self.execution_context
        settings = getattr(ctx.context, "settings", None)
        max_depth = getattr(settings, "api_max_query_depth", DEFAULT_MAX_DEPTH)
        max_rows = getattr(settings, "api_max_query_complexity", DEFAULT_MAX_COMPLEXITY)
        ctx.validation_rules = (
            *ctx.validation_rules,
            depth_rule(max_depth),
            complexity_rule(max_rows, ctx.variables or {}),
        )
        yield
