"""Loopback routes through which pipeline steps use the API's embedded chDB.

chDB allows one process per data directory and the API holds it while it runs (see
``oso/serving/lease.py``), so a pipeline step publishes, rolls back, lists versions and
reads through these routes. They answer only with the token the API wrote to
``OSO_HOME/serving/endpoint.json``. After a publish or rollback they call
``app.state.on_publish(name)`` if set (the response cache invalidates on it).
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from oso.serving.ddl import IDENTIFIER, TableSpec
from oso.serving.errors import PublishError, SpecError, VersionError
from oso.serving.remote import EXPECTED_ROWS_HEADER, SPEC_HEADER, TOKEN_HEADER
from oso.serving.store import ServingStore, arrow_to_ipc, ipc_to_arrow

router = APIRouter(prefix="/internal/serving", include_in_schema=False)
ARROW_STREAM = "application/vnd.apache.arrow.stream"
T = TypeVar("T")


def serving_store(
    request: Request, token: Annotated[str | None, Header(alias=TOKEN_HEADER)] = None
) -> ServingStore:
    store: ServingStore = request.app.state.store
    expected = getattr(store, "serving_token", None)
    if expected is None or token is None or not secrets.compare_digest(token, expected):
        raise HTTPException(status_code=403, detail="internal serving routes need the lease token")
    return store


StoreDep = Annotated[ServingStore, Depends(serving_store)]
MartName = Annotated[str, Field(pattern=f"^{IDENTIFIER.pattern}$", max_length=200)]


class QueryBody(BaseModel):
    sql: str
    parameters: dict[str, Any] = {}
    settings: dict[str, int | float | str] = {}  # ClickHouse settings of this one query


class RollbackBody(BaseModel):
    name: MartName
    to: Annotated[str | None, Field(max_length=300)] = None


class VersionsBody(BaseModel):
    name: MartName | None = None


async def _write(request: Request, name: str, call: Callable[[], T]) -> T:
    """Run a publish or rollback; map its errors to 4xx; tell ``on_publish``."""
    try:
        result = await run_in_threadpool(call)
    except SpecError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except VersionError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except PublishError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    on_publish = getattr(request.app.state, "on_publish", None)
    if on_publish is not None:
        on_publish(name)
    return result


@router.post("/query")
async def query(body: QueryBody, store: StoreDep) -> Response:
    try:
        table = await run_in_threadpool(
            store.query_arrow, body.sql, body.parameters, body.settings or None
        )
    except Exception as exc:
        raise HTTPException(status_code=400, detail=f"query failed: {exc}") from exc
    return Response(content=arrow_to_ipc(table), media_type=ARROW_STREAM)


@router.post("/publish")
async def publish(
    request: Request,
    store: StoreDep,
    spec_header: Annotated[str, Header(alias=SPEC_HEADER)],
    expected_rows: Annotated[int | None, Header(alias=EXPECTED_ROWS_HEADER, ge=0)] = None,
) -> dict[str, Any]:
    try:
        spec = TableSpec.from_json(json.loads(spec_header))
        table = ipc_to_arrow(await request.body())
    except (ValueError, TypeError) as exc:  # SpecError is a ValueError; so is bad JSON / IPC
        raise HTTPException(status_code=400, detail=f"bad publish request: {exc}") from exc
    result = await _write(request, spec.name, lambda: store.publish(spec, table, expected_rows))
    return dataclasses.asdict(result)


@router.post("/rollback")
async def rollback(request: Request, body: RollbackBody, store: StoreDep) -> dict[str, Any]:
    result = await _write(request, body.name, lambda: store.rollback(body.name, body.to))
    return dataclasses.asdict(result)


@router.post("/versions")
async def versions(body: VersionsBody, store: StoreDep) -> dict[str, Any]:
    try:
        found = await run_in_threadpool(store.versions, body.name)
    except PublishError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return {"versions": [dataclasses.asdict(v) for v in found]}
