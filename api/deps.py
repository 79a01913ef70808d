"""FastAPI dependencies: what ``create_app`` put on ``app.state``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from oso.marts import MartSpec
from oso.serving.store import ServingStore
from oso.settings import Settings


def get_store(request: Request) -> ServingStore:
    store: ServingStore | None = getattr(request.app.state, "store", None)
    if store is None:
        raise HTTPException(status_code=503, detail="the serving store is not open")
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_marts(request: Request) -> dict[str, MartSpec]:
    marts: dict[str, MartSpec] = request.app.state.marts
    return marts


StoreDep = Annotated[ServingStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MartsDep = Annotated[dict[str, MartSpec], Depends(get_marts)]
