"""``GET /healthz``: the API is up and which published marts the store holds."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.deps import MartsDep, StoreDep
from oso.serving.store import ServingStore

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    tables: list[str]


def present_tables(store: ServingStore, names: list[str]) -> list[str]:
    """Which of ``names`` exist as tables in the store's database, sorted."""
    _, rows = store.query_rows(
        "SELECT name FROM system.tables WHERE database = {db:String} "
        "AND name IN {names:Array(String)} ORDER BY name",
        {"db": store.database, "names": names},
    )
    return [str(row[0]) for row in rows]


@router.get("/healthz")
async def healthz(store: StoreDep, marts: MartsDep) -> Health:
    try:
        tables = await run_in_threadpool(present_tables, store, sorted(marts))
    except Exception as exc:
        log.exception("health check could not read the serving store")
        raise HTTPException(status_code=503, detail="serving store unavailable") from exc
    return Health(status="ok", tables=tables)
