"""``POST /api/v1/sql``: one read-only SELECT over the published marts, answered as NDJSON.

Like OSO's SQL API (``{"query": ..., "format": "minimal" | "json"}``; the first line holds
the columns, the following lines more rows). The query is checked and rewritten by
``api.sqlapi.guard`` and runs with read-only limits (``api.sqlapi.run``). A rejected query,
a ClickHouse error, the time limit and the row cap answer 400 ``{"error": ...}``; a mart
that is not published yet 404.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from api.deps import MartsDep, SettingsDep, StoreDep
from api.sqlapi.guard import SqlApiError, check_query
from api.sqlapi.run import run_query
from api.sqlapi.stream import NDJSON, ndjson_lines
from oso.marts import MartSpec
from oso.serving.store import ServingStore
from oso.settings import Settings

MAX_QUERY_CHARS = 100_000
router = APIRouter(prefix="/api/v1", tags=["sql"])


class SqlFormat(StrEnum):
    MINIMAL = "minimal"  # rows as arrays in column order
    JSON = "json"  # rows as objects keyed by column


class SqlRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            description="One SELECT (ClickHouse SQL) over the published marts, "
            "named without a database, e.g. `SELECT project_name FROM projects_v1 LIMIT 5`.",
            examples=["SELECT project_name, star_count FROM code_metrics_by_project_v1 LIMIT 5"],
        ),
    ]
    format: SqlFormat = Field(
        default=SqlFormat.MINIMAL,
        description="`minimal`: rows as arrays; `json`: rows as objects keyed by column.",
    )


class SqlError(BaseModel):
    error: str = Field(description="What is wrong with the query, in one line.")


class NdjsonResponse(StreamingResponse):
    media_type = NDJSON


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": SqlError,
        "description": "Rejected query, ClickHouse error, time limit or row cap.",
    },
    404: {"model": SqlError, "description": "A mart the query reads has not been published yet."},
    503: {"model": SqlError, "description": "The serving store is not available."},
}
_OK: dict[str, Any] = {
    "description": 'NDJSON: `{"columns": [...], "types": [...], "data": [...]}`, then '
    '`{"data": [...]}` lines. Dates and timestamps are ISO 8601 strings; NaN and inf are null.',
    "content": {NDJSON: {"schema": {"type": "string"}}},
}


@router.post("/sql", response_class=NdjsonResponse, responses={200: _OK, **_ERRORS})
async def sql(
    body: SqlRequest, store: StoreDep, settings: SettingsDep, marts: MartsDep
) -> Response:
    """Run one read-only SELECT over the published marts."""
    try:
        lines = await run_in_threadpool(_answer, body, store, settings, marts)
    except SqlApiError as exc:
        return JSONResponse({"error": exc.message}, status_code=exc.status)
    if isinstance(lines, bytes):
        return Response(lines, media_type=NDJSON)
    return NdjsonResponse(lines)


def _answer(
    body: SqlRequest, store: ServingStore, settings: Settings, marts: dict[str, MartSpec]
) -> Iterator[bytes] | bytes:
    """Check and run the query; its first line is written here, so errors come first.

    A result of one chunk is answered whole (streaming it costs a thread hop per line)."""
    checked = check_query(body.query, marts, store.database)
    table = run_query(store, checked, settings)
    lines = ndjson_lines(table, body.format.value, settings.sql_chunk_rows)
    first = next(lines)
    if table.num_rows <= settings.sql_chunk_rows:
        return first + b"".join(lines)
    return itertools.chain([first], lines)
