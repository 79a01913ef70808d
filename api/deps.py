"""FastAPI dependencies: what ``create_app`` put on ``app.state``.

They are ``async`` although they do no I/O: FastAPI runs a plain ``def`` dependency in its
threadpool, one thread hop (~0.1 ms) each per request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.access.auth import Identity, anonymous
from api.access.middleware import IDENTITY_SCOPE_KEY
from oso.marts import MartSpec
from oso.serving.store import ServingStore
from oso.settings import Settings


async def get_store(request: Request) -> ServingStore:
    store: ServingStore | None = getattr(request.app.state, "store", None)
    if store is None:
        raise HTTPException(status_code=503, detail="the serving store is not open")
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_marts(request: Request) -> dict[str, MartSpec]:
    marts: dict[str, MartSpec] = request.app.state.marts
    return marts


async def get_identity(request: Request) -> Identity:
    """Who is calling, as the access middleware authenticated it (api/access)."""
    identity: Identity | None = request.scope.get(IDENTITY_SCOPE_KEY)
    if identity is None:  # a route outside /graphql and /api/v1, or no middleware
        client = request.client.host if request.client else "unknown"
        return anonymous(client)
    return identity


StoreDep = Annotated[ServingStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MartsDep = Annotated[dict[str, MartSpec], Depends(get_marts)]
IdentityDep = Annotated[Identity, Depends(get_identity)]
