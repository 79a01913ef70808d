"""The GraphQL schema (Strawberry), generated from the published-mart specs."""

from api.graphql.schema import build_schema

__all__ = ["build_schema"]
