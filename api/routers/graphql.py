"""``/graphql``: the Strawberry router (GraphiQL on GET) with a typed per-request context.

A request the API refuses as a whole (a syntax or validation error, a limit, an unknown
field: no ``data`` at all) answers 400, as the GraphQL-over-HTTP spec allows, so clients and
proxies see the refusal without reading the body; partial results stay 200.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request, Response, status
from strawberry import Schema
from strawberry.fastapi import GraphQLRouter

from api.deps import MartsDep, SettingsDep, StoreDep
from api.graphql.context import ApiContext
from api.graphql.schema import MASKED_ERROR


async def get_context(
    request: Request, store: StoreDep, settings: SettingsDep, marts: MartsDep
) -> ApiContext:
    return ApiContext(store=store, settings=settings, marts=marts, request=request)


def refusal_status(response_data: Any) -> int | None:
    """400 for a refused request (errors and no data), 500 if the failure was ours."""
    if not isinstance(response_data, dict) or response_data.get("data") is not None:
        return None
    errors = response_data.get("errors") or []
    if not errors:
        return None
    if any(e.get("message") == MASKED_ERROR for e in errors):
        return status.HTTP_500_INTERNAL_SERVER_ERROR
    return status.HTTP_400_BAD_REQUEST


class OsoGraphQLRouter(GraphQLRouter[ApiContext, None]):
    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        refused = refusal_status(response_data)
        if refused is not None and sub_response.status_code in (None, status.HTTP_200_OK):
            sub_response.status_code = refused
        return super().create_response(response_data, sub_response)


def graphql_router(schema: Schema) -> GraphQLRouter[ApiContext, None]:
    return OsoGraphQLRouter(schema, context_getter=get_context, graphql_ide="graphiql")
