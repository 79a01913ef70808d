"""App-wide error answers that FastAPI's defaults get wrong."""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response


async def validation_error(request: Request, exc: Exception) -> Response:
    """FastAPI's 422 body, written as ASCII JSON.

    The default handler echoes the rejected input and fails with a 500 when that input holds
    a lone surrogate (a JSON body with ``"\\ud800"``); escaped ASCII always encodes.
    """
    errors = exc.errors() if isinstance(exc, RequestValidationError) else [str(exc)]
    content = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(content, status_code=422, media_type="application/json")
