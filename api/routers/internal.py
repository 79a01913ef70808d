"""Loopback routes through which pipeline steps use the API's embedded chDB.

chDB allows one process per data directory and the API holds it while it runs (see
``oso/serving/lease.py``), so a pipeline step publishes and reads through these routes.
They answer only with the token the API wrote to ``OSO_HOME/serving/endpoint.json``.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from oso.serving.publish import PublishError, TableSpec
from oso.serving.remote import TOKEN_HEADER
from oso.serving.store import ServingStore, arrow_to_ipc, ipc_to_arrow

router = APIRouter(prefix="/internal/serving", include_in_schema=False)
ARROW_STREAM = "application/vnd.apache.arrow.stream"


def serving_store(
    request: Request, token: Annotated[str | None, Header(alias=TOKEN_HEADER)] = None
) -> ServingStore:
    store: ServingStore = request.app.state.store
    expected = getattr(store, "serving_token", None)
    if expected is None or token is None or not secrets.compare_digest(token, expected):
        raise HTTPException(status_code=403, detail="internal serving routes need the lease token")
    return store


StoreDep = Annotated[ServingStore, Depends(serving_store)]


class QueryBody(BaseModel):
    sql: str
    parameters: dict[str, Any] = {}


@router.post("/query")
async def query(body: QueryBody, store: StoreDep) -> Response:
    try:
        table = await run_in_threadpool(store.query_arrow, body.sql, body.parameters)
    except Exception as exc:
        raise HTTPException(status_code=400, detail=f"query failed: {exc}") from exc
    return Response(content=arrow_to_ipc(table), media_type=ARROW_STREAM)


@router.post("/publish")
async def publish(
    request: Request, store: StoreDep, spec_header: Annotated[str, Header(alias="X-OSO-Table-Spec")]
) -> dict[str, Any]:
    try:
        raw = json.loads(spec_header)
        spec = TableSpec(raw["name"], tuple(raw["order_by"]), dict(raw.get("column_types") or {}))
        table = ipc_to_arrow(await request.body())
    except (ValueError, KeyError, TypeError) as exc:
        raise HTTPException(status_code=400, detail=f"bad publish request: {exc}") from exc
    try:
        result = await run_in_threadpool(store.publish, spec, table)
    except PublishError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    on_publish = getattr(request.app.state, "on_publish", None)
    if on_publish is not None:
        on_publish(spec.name)
    return dataclasses.asdict(result)
