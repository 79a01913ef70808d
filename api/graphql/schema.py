"""Build the GraphQL schema from the published-mart specs (``oso.marts``)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import create_type
from strawberry.types import ExecutionResult

from api.graphql.fastpath import FastPath, Limits
from api.graphql.guards import QueryGuards
from api.graphql.roots import root_fields
from api.graphql.scalars import SCALAR_MAP
from api.sql import QueryError
from oso.marts import MartSpec, load_published_marts

log = logging.getLogger(__name__)

MAX_ALIASES = 30
MASKED_ERROR = "Internal error."  # what a client sees of an unexpected failure
MAX_TOKENS = 20_000


def _field_value(source: Any, name: str) -> Any:
    """Rows are dicts keyed by column name; anything else is read as attributes."""
    return source[name] if isinstance(source, dict) else getattr(source, name)


def _should_mask(error: GraphQLError) -> bool:
    """Hide unexpected failures while executing a field; show request errors as they are."""
    original = error.original_error
    if error.path is None or original is None or isinstance(original, QueryError):
        return False
    log.error("GraphQL resolver failed: %s", original, exc_info=original)
    return True


class OsoSchema(strawberry.Schema):
    """Strawberry's schema, trying the fast path (api/graphql/fastpath.py) first."""

    fast_path: FastPath | None = None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> ExecutionResult:
        if query and self.fast_path is not None and root_value is None:
            fast = await self.fast_path.execute(
                query, variable_values, context_value, operation_name
            )
            if fast is not None:
                return fast
        return await super().execute(
            query, variable_values, context_value, root_value, operation_name, *args, **kwargs
        )


def _no_marts() -> bool | None:
    return None


def build_schema(marts: dict[str, MartSpec] | None = None) -> strawberry.Schema:
    """One ``oso_<camelCaseMart>`` root field per mart (default: ``load_published_marts()``)."""
    specs = load_published_marts() if marts is None else marts
    fields = root_fields(specs)
    if not fields:  # GraphQL needs at least one root field
        fields.append(
            strawberry.field(resolver=_no_marts, name="_empty", description="No mart is published.")
        )
    query = create_type("Query", fields, description="Published OSO marts.")
    schema = OsoSchema(
        query=query,
        config=StrawberryConfig(
            auto_camel_case=False, default_resolver=_field_value, scalar_map=SCALAR_MAP
        ),
        extensions=[
            partial(MaskErrors, should_mask_error=_should_mask, error_message=MASKED_ERROR),
            partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
            partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
            QueryGuards,  # depth and row-estimate limits (api/graphql/guards.py)
        ],
    )
    schema.fast_path = FastPath(schema._schema, specs, Limits(MAX_ALIASES, MAX_TOKENS))
    return schema
