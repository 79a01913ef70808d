"""``/graphql``: the Strawberry router (GraphiQL on GET) with a typed per-request context."""

from __future__ import annotations

from fastapi import Request
from strawberry import Schema
from strawberry.fastapi import GraphQLRouter

from api.deps import MartsDep, SettingsDep, StoreDep
from api.graphql.context import ApiContext


async def get_context(
    request: Request, store: StoreDep, settings: SettingsDep, marts: MartsDep
) -> ApiContext:
    return ApiContext(store=store, settings=settings, marts=marts, request=request)


def graphql_router(schema: Schema) -> GraphQLRouter[ApiContext, None]:
    return GraphQLRouter(schema, context_getter=get_context, graphql_ide="graphiql")
