"""Creating Strawberry types at runtime (the schema follows the mart specs)."""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import strawberry


@dataclass(frozen=True)
class FieldDef:
    python_name: str
    graphql_name: str
    annotation: Any
    description: str | None = None


def new_type(
    name: str,
    fields: Sequence[FieldDef] | Callable[[type], Sequence[FieldDef]],
    *,
    is_input: bool = False,
) -> type:
    """The class of a Strawberry type, not yet decorated (see :func:`finish_type`).

    ``fields`` may be a function of the new class, so an input can refer to itself
    (``_and: [Oso_ProjectsV1BoolExp!]``). Input fields default to UNSET (omitted), and
    the class records ``__graphql_keys__``: python attribute -> GraphQL name. Object types
    of marts that refer to each other get their relationship fields between the two steps.
    """
    cls = types.new_class(name)
    defs = fields(cls) if callable(fields) else fields
    annotations: dict[str, Any] = {}
    for f in defs:
        annotations[f.python_name] = f.annotation
        kwargs: dict[str, Any] = {"name": f.graphql_name, "description": f.description or None}
        if is_input:
            kwargs["default"] = strawberry.UNSET
        setattr(cls, f.python_name, strawberry.field(**kwargs))
    cls.__annotations__ = annotations
    cls.__graphql_keys__ = {f.python_name: f.graphql_name for f in defs}  # type: ignore[attr-defined]
    return cls


def finish_type(cls: type, *, is_input: bool = False, description: str | None = None) -> type:
    """Decorate a class from :func:`new_type` as a Strawberry object or input type."""
    decorate = strawberry.input if is_input else strawberry.type
    return decorate(cls, name=cls.__name__, description=description or None)


def make_type(
    name: str,
    fields: Sequence[FieldDef] | Callable[[type], Sequence[FieldDef]],
    *,
    is_input: bool = False,
    description: str | None = None,
) -> type:
    """A Strawberry object or input type named ``name`` (:func:`new_type` + :func:`finish_type`)."""
    cls = new_type(name, fields, is_input=is_input)
    return finish_type(cls, is_input=is_input, description=description)
