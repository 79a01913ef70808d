"""The GraphQL fast path answers exactly what the normal (graphql-core) path answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from starlette.requests import Request

from api.graphql import build_schema
from api.graphql.context import ApiContext
from oso.serving.store import ClickHouseStore
from oso.settings import get_settings
from tests.test_api_graphql import MARTS, published_store  # noqa: F401  (module fixture)

ELIGIBLE = [
    "{ oso_projectsV1 { projectId projectName displayName description } }",
    '{ a: oso_projectsV1(where: {displayName: {_ilike: "%eth%"}}) { id: projectId __typename } '
    "b: oso_codeMetricsByProjectV1(order_by: [{starCount: Desc}], limit: 2, offset: 1) "
    "{ projectName starCount lastCommitDate } }",
    "query Q($ids: [String!], $n: Int) { oso_codeMetricsByProjectV1(where: {_or: [{projectId: "
    "{_in: $ids}}, {_not: {starCount: {_lt: 100}}}]}, limit: $n) { projectId starCount } }",
    "{ oso_samplesV0(order_by: [{value: DescNullsLast}]) { sampleId value flag day seenAt } }",
    "{ oso_projectsV1(where: {projectName: {_in: []}}) { projectId } }",
    "{ oso_projectsV1(order_by: [{projectId: Desc}]) { projectName codeMetrics { starCount "
    "project { displayName } } } }",
    '{ oso_projectsByCollectionV1(where: {collectionName: {_eq: "gg-01"}}) { collectionName '
    "p: project { projectId m: codeMetrics { __typename forkCount lastCommitDate } } } }",
    "{ oso_codeMetricsByProjectV1(limit: 3) { project { projectName } } }",
]
NOT_ELIGIBLE = [
    "{ oso_projectsV1 { codeMetrics { ...m } } } fragment m on Oso_CodeMetricsByProjectV1 { starCount }",
    "{ oso_projectsV1 { ...f } } fragment f on Oso_ProjectsV1 { projectId }",
    "{ oso_projectsV1 { projectId @include(if: true) } }",
    "{ oso_projectsV1Aggregate { count } }",
    "{ __schema { queryType { name } } }",
]
ERRORS = [
    "{ oso_projectsV1(limit: 10001) { projectId } }",  # over the maximum limit
    "{ oso_projectsV1 { nope } }",  # not a field
    "query Q($n: Int) { oso_projectsV1(limit: $n) { projectId } }",  # bad variable (below)
]
VARIABLES = {"ids": ["p1", "p4"], "n": 3}


@pytest.fixture(scope="module")
def context(published_store: ClickHouseStore, tmp_path_factory: Any) -> ApiContext:  # noqa: F811
    settings = get_settings(home=tmp_path_factory.mktemp("fast_home"))
    request = Request({"type": "http", "method": "POST", "headers": [], "path": "/graphql"})
    return ApiContext(store=published_store, settings=settings, marts=MARTS, request=request)


async def _run_both(query: str, context: ApiContext, variables: dict[str, Any]) -> tuple[Any, Any]:
    schema = build_schema(context.marts)
    assert schema.fast_path is not None
    fast = await schema.fast_path.execute(query, variables, context, None)
    schema.fast_path = None
    context.loaders.clear()
    normal = await schema.execute(query, variables, context)
    return fast, normal


def both_paths(query: str, context: ApiContext, variables: dict[str, Any]) -> tuple[Any, Any]:
    """``query``'s result on the fast path (None: not taken) and on the normal path."""
    return asyncio.run(_run_both(query, context, variables))


@pytest.mark.parametrize("query", ELIGIBLE)
def test_fast_path_equals_the_normal_path(query: str, context: ApiContext) -> None:
    fast, normal = both_paths(query, context, VARIABLES)
    assert normal.errors is None, normal.errors
    assert fast is not None, "this query should take the fast path"
    assert fast.errors is None
    assert fast.data == normal.data
    assert any(normal.data.values()) or "_in: []" in query  # type: ignore[union-attr]


@pytest.mark.parametrize("query", NOT_ELIGIBLE)
def test_other_shapes_take_the_normal_path(query: str, context: ApiContext) -> None:
    fast, normal = both_paths(query, context, {})
    assert fast is None
    assert normal.errors is None


@pytest.mark.parametrize("query", ERRORS)
def test_errors_are_left_to_the_normal_path(query: str, context: ApiContext) -> None:
    fast, normal = both_paths(query, context, {"n": "ten"})
    assert fast is None
    assert normal.errors
