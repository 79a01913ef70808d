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


def make_type(
    name: str,
    fields: Sequence[FieldDef] | Callable[[type], Sequence[FieldDef]],
    *,
    is_input: bool = False,
    description: str | None = None,
) -> type:
    """A Strawberry object or input type named ``name``.

    ``fields`` may be a function of the new class, so an input can refer to itself
    (``_and: [Oso_ProjectsV1BoolExp!]``). Input fields default to UNSET (omitted), and
    the class records ``__graphql_keys__``: python attribute -> GraphQL name.
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
    decorate = strawberry.input if is_input else strawberry.type
    return decorate(cls, name=name, description=description or None)
