"""The typed per-request GraphQL context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from strawberry.fastapi import BaseContext

from oso.marts import MartSpec
from oso.serving.store import ServingStore
from oso.settings import Settings


@dataclass
class ApiContext(BaseContext):
    """What every resolver gets as ``info.context``; built per request by the router."""

    store: ServingStore
    settings: Settings
    marts: dict[str, MartSpec]
    request: Request
    # per-request DataLoaders of relationship fields, by field and arguments
    loaders: dict[tuple[str, ...], Any] = field(default_factory=dict)
    # per-request options of relationship fields, by field node (the same for every row)
    field_options: dict[tuple[str, ...], Any] = field(default_factory=dict)
